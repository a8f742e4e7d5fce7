package org.tapin.agent.appliance;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import org.tapin.agent.config.TapinConfig;

/**
 * The one HTTP client the agent uses to reach appliances. TLS 1.3 preferred, 1.2 the floor, AEAD cipher
 * suites only (OkHttp's RESTRICTED_TLS), no cleartext, trust from the CA folder alone, host names verified by
 * OkHttp's default verifier (nothing here can turn that off). Timeouts come from {@code [mainloader.SSL]};
 * the whole call is bounded too, so an answer trickled a byte at a time cannot hold a tap for ever.
 * Connections are kept warm so a tap costs one round trip.
 */
public final class ApplianceTransport {

    private ApplianceTransport() {}

    public static OkHttpClient client(X509TrustManager trust, TapinConfig.Ssl ssl) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        long callMillis = ssl.connectTimeout().plus(ssl.writeTimeout()).plus(ssl.readTimeout()).toMillis();
        return new OkHttpClient.Builder()
                .sslSocketFactory(context.getSocketFactory(), trust)
                .connectionSpecs(List.of(ConnectionSpec.RESTRICTED_TLS))
                .connectTimeout(ssl.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(ssl.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(ssl.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(callMillis, TimeUnit.MILLISECONDS)
                // Failover decides what is retried, and only idempotent calls are: OkHttp must not resend.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectionPool(new ConnectionPool(4, 5, TimeUnit.MINUTES))
                .build();
    }
}
