package org.tapin.appliance.directory.ldap;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory servers in the admin's order (primary first) and which of them answer. {@link #connect()}
 * hands out a TLS connection, bound as the service account, to the first server that is not known to be
 * down; a server that fails is marked down and the next one is tried at once. A health check probes every
 * server in the background, so a dead primary is noticed before a user waits for it, and it is used again
 * as soon as it answers. Connections never reconnect by themselves (the SDK's default, kept): a reconnect
 * would replay the last bind, a user's password included.
 */
final class ServerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Appliance.Ldap");

    /** No server could be used; the message says why for each, for the log (never a password). */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final LdapSettings settings;
    private final VerifyingSocketFactory tls;
    private final Clock clock;
    private final Map<LdapServer, Instant> downSince = new ConcurrentHashMap<>();
    private final ScheduledExecutorService health;

    ServerPool(LdapSettings settings, Clock clock) throws IOException, GeneralSecurityException {
        this.settings = settings;
        this.clock = clock;
        SSLContext context = CaFolder.sslContext(settings.caCertsDir());
        this.tls = new VerifyingSocketFactory(context.getSocketFactory(), (int) settings.connectTimeout().toMillis());
        readServicePassword(); // a missing or empty file is a start-up error, not the first user's
        this.health = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ldap-health");
            t.setDaemon(true);
            return t;
        });
        long every = settings.healthCheckInterval().toMillis();
        health.scheduleWithFixedDelay(this::checkHealth, every, every, TimeUnit.MILLISECONDS);
    }

    /** A connection bound as the service account, to the first server that works. The caller closes it. */
    LDAPConnection connect() throws Unavailable, LDAPException {
        List<String> failures = new ArrayList<>();
        // Servers believed up first, in order; then the ones believed down, in case they came back.
        List<LdapServer> order = new ArrayList<>();
        settings.servers().stream().filter(s -> !downSince.containsKey(s)).forEach(order::add);
        settings.servers().stream().filter(downSince::containsKey).forEach(order::add);
        for (LdapServer server : order) {
            try {
                LDAPConnection c = open(server);
                markUp(server);
                return c;
            } catch (LDAPException e) {
                if (!serverFault(e.getResultCode())) {
                    throw e; // the server answered: a wrong service password is not fixed by asking another
                }
                markDown(server, e);
                failures.add(server + ": " + explain(server, e));
            }
        }
        throw new Unavailable("no directory server answered: " + String.join("; ", failures));
    }

    /** The server that {@link #connect()} would try first now. */
    LdapServer preferred() {
        return settings.servers().stream().filter(s -> !downSince.containsKey(s)).findFirst()
                .orElse(settings.servers().get(0));
    }

    /** Servers currently believed down, with when they were found down. */
    Map<LdapServer, Instant> down() {
        return Map.copyOf(downSince);
    }

    /** Whether a result code means the server (or the way to it) failed, rather than that it said no. */
    static boolean serverFault(ResultCode code) {
        return code == ResultCode.CONNECT_ERROR || code == ResultCode.SERVER_DOWN || code == ResultCode.TIMEOUT
                || code == ResultCode.UNAVAILABLE || code == ResultCode.BUSY || code == ResultCode.LOCAL_ERROR
                || code == ResultCode.DECODING_ERROR || code == ResultCode.ENCODING_ERROR;
    }

    static String describe(LDAPException e) {
        String message = e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getExceptionMessage();
        return e.getResultCode().getName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** Why connecting failed, in words an admin can act on: TLS trust and name problems said plainly. */
    String explain(LdapServer server, LDAPException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof CertificateExpiredException) {
                return "TLS: the server's certificate has expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "TLS: the server's certificate is not valid yet";
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
                    || m.contains("unable to find valid certification path")) {
                return "TLS: the server's certificate is not issued by a CA in " + settings.caCertsDir();
            }
            if (t instanceof CertificateException && (m.contains("No subject alternative") || m.contains("No name matching"))) {
                return "TLS: the server's certificate does not name " + server.host();
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer within the timeout";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + server.host();
            }
        }
        if (e.getResultCode() == ResultCode.TIMEOUT) {
            return "no answer within " + settings.searchTimeout().toSeconds() + " s";
        }
        return describe(e);
    }

    private LDAPConnection open(LdapServer server) throws LDAPException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) settings.connectTimeout().toMillis());
        options.setResponseTimeoutMillis(settings.searchTimeout().toMillis());
        options.setAbandonOnTimeout(true);
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
        LDAPConnection c = server.ldaps()
                ? new LDAPConnection(tls, options)
                : new LDAPConnection(options);
        try {
            c.connect(server.host(), server.port(), (int) settings.connectTimeout().toMillis());
            if (!server.ldaps()) {
                ExtendedResult started = c.processExtendedOperation(new StartTLSExtendedRequest(tls));
                if (started.getResultCode() != ResultCode.SUCCESS) {
                    throw new LDAPException(ResultCode.CONNECT_ERROR,
                            "the server refused StartTLS (" + started.getResultCode().getName() + ")");
                }
            }
            bindService(c);
            return c;
        } catch (LDAPException e) {
            c.close();
            throw e;
        }
    }

    /** Binds {@code c} as the service account again (after a user's bind on it). */
    void bindService(LDAPConnection c) throws LDAPException {
        byte[] password = readServicePassword();
        try {
            c.bind(new SimpleBindRequest(settings.bindDn(), password));
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private byte[] readServicePassword() {
        Path file = settings.bindPasswordFile();
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("ldap.bind-password-file " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        int end = 0;
        while (end < all.length && all[end] != '\n' && all[end] != '\r') {
            end++;
        }
        byte[] line = Arrays.copyOf(all, end);
        Arrays.fill(all, (byte) 0);
        if (line.length == 0) {
            throw new IllegalStateException("ldap.bind-password-file " + file + ": the first line is empty");
        }
        return line;
    }

    private void markDown(LdapServer server, LDAPException e) {
        if (downSince.putIfAbsent(server, clock.instant()) == null) {
            LOG.warn("directory server {} is down: {}", server, explain(server, e));
        }
    }

    private void markUp(LdapServer server) {
        Instant since = downSince.remove(server);
        if (since != null) {
            LOG.info("directory server {} answers again (down since {})", server, since);
        }
    }

    private void checkHealth() {
        for (LdapServer server : settings.servers()) {
            try {
                open(server).close();
                markUp(server);
            } catch (LDAPException e) {
                if (serverFault(e.getResultCode())) {
                    markDown(server, e);
                } else {
                    LOG.error("directory server {} refused the service account: {}", server, describe(e));
                }
            } catch (RuntimeException e) {
                LOG.error("health check of {} failed: {}", server, e.getMessage());
            }
        }
    }

    Duration connectTimeout() {
        return settings.connectTimeout();
    }

    @Override
    public void close() {
        health.shutdownNow();
    }
}
