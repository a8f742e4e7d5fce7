package org.tapin.appliance.http;

/** An answer other than success: the status, the protocol's error code, and words for the client's log. */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "bad-request", message);
    }
}
