package org.tapin.agent.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.tapin.agent.appliance.client.PolicyWatcher;
import org.tapin.agent.audit.AuditJournal;
import org.tapin.agent.config.TapinConfig;

/**
 * What support asks for first, in one zip, modelled on sosreport: logs, the configuration with secrets
 * redacted, the cached policy, versions, readers and windows, monitors, the OS and network, the trusted CA
 * certificates, the audit queue. Every item is listed in MANIFEST.txt with its source; an item that cannot be
 * collected says why and the bundle goes on. The whole is capped: the newest logs first, then the rest.
 */
public final class SupportBundle {

    /** Support mail and tickets take a few tens of MB; logs are capped well below that already. */
    public static final long DEFAULT_CAP_BYTES = 40L * 1024 * 1024;
    private static final long COMMAND_TIMEOUT_SECONDS = 10;
    private static final int COMMAND_OUTPUT_CAP = 1 << 20;

    private final TapinConfig config;
    private final Path configFile;
    private final Path tapinLauncher;
    private final Map<String, String> environment;
    private final long capBytes;
    private final List<BundleEntry> manifest = new ArrayList<>();
    private long written;

    public SupportBundle(TapinConfig config, Path configFile, Path tapinLauncher, Map<String, String> environment,
            long capBytes) {
        this.config = config;
        this.configFile = configFile;
        this.tapinLauncher = tapinLauncher;
        this.environment = environment;
        this.capBytes = capBytes;
    }

    /** Writes the bundle to {@code target} (via a temporary file beside it) and returns its manifest. */
    public List<BundleEntry> writeTo(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".support-", ".zip.part");
        try {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                collect(zip);
                StringBuilder text = new StringBuilder("# tapin support bundle, " + Instant.now() + "\n"
                        + "# item\tsource\toutcome\n");
                manifest.forEach(e -> text.append(e.manifestLine()).append('\n'));
                put(zip, "MANIFEST.txt", text.toString().getBytes(StandardCharsets.UTF_8));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return List.copyOf(manifest);
    }

    private void collect(ZipOutputStream zip) throws IOException {
        configuration(zip);
        logs(zip, config.log().dir(), "logs/");
        file(zip, "policy/cached-policy.json", config.agent().dataDir().resolve(PolicyWatcher.CACHE));
        auditQueue(zip);
        certificates(zip);
        command(zip, "tapin/version.txt", tapinLauncher.toString(), "--version");
        command(zip, "tapin/readers.txt", tapinLauncher.toString(), "readers");
        command(zip, "tapin/windows.txt", tapinLauncher.toString(), "windows");
        command(zip, "loader/status.txt", "tapin-bootstrap", "--status");
        command(zip, "system/xrandr.txt", "xrandr", "--query");
        file(zip, "system/os-release", Path.of("/etc/os-release"));
        command(zip, "system/uname.txt", "uname", "-a");
        file(zip, "system/meminfo", Path.of("/proc/meminfo"));
        command(zip, "system/df.txt", "df", "-h");
        command(zip, "system/uptime.txt", "uptime");
        command(zip, "network/addresses.txt", "ip", "address");
        command(zip, "network/routes.txt", "ip", "route");
        file(zip, "network/resolv.conf", Path.of("/etc/resolv.conf"));
    }

    private void configuration(ZipOutputStream zip) throws IOException {
        String name = "config/Imprivata.conf";
        if (!Files.isReadable(configFile)) {
            manifest.add(new BundleEntry(name, configFile.toString(), "not collected: cannot read the file"));
            return;
        }
        Redactor.Result result = Redactor.redactIni(Files.readString(configFile, StandardCharsets.UTF_8));
        String outcome = result.redacted().isEmpty() ? "collected; no secret found"
                : "redacted: " + String.join(", ", result.redacted());
        add(zip, name, configFile.toString(), result.text().getBytes(StandardCharsets.UTF_8), outcome);
    }

    private void logs(ZipOutputStream zip, Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            manifest.add(new BundleEntry(prefix, dir.toString(), "not collected: no log folder"));
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(p -> {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            });
        }
        // Newest first: when the cap bites, it is the oldest rotated files that are left out.
        files.sort(Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed());
        for (Path log : files) {
            file(zip, prefix + log.getFileName(), log);
        }
    }

    private void auditQueue(ZipOutputStream zip) throws IOException {
        Path dir = config.agent().dataDir().resolve("audit");
        String name = "agent/audit-queue.txt";
        if (!Files.isDirectory(dir)) {
            manifest.add(new BundleEntry(name, dir.toString(), "not collected: no audit queue yet"));
            return;
        }
        try (AuditJournal journal = AuditJournal.open(dir)) {
            add(zip, name, dir.toString(), ("events waiting for the appliance: " + journal.size() + "\n")
                    .getBytes(StandardCharsets.UTF_8), "collected");
        }
    }

    private void certificates(ZipOutputStream zip) throws IOException {
        Path dir = config.agent().caCertsDir();
        String name = "certificates/ca-certs.txt";
        if (!Files.isDirectory(dir)) {
            manifest.add(new BundleEntry(name, dir.toString(), "not collected: no CA folder"));
            return;
        }
        StringBuilder text = new StringBuilder();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                text.append(file.getFileName()).append(":\n");
                try {
                    CertificateFactory factory = CertificateFactory.getInstance("X.509");
                    for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                        X509Certificate x = (X509Certificate) c;
                        text.append("  subject ").append(x.getSubjectX500Principal().getName())
                                .append("\n  issuer  ").append(x.getIssuerX500Principal().getName())
                                .append("\n  valid   ").append(x.getNotBefore().toInstant()).append(" to ")
                                .append(x.getNotAfter().toInstant())
                                .append(x.getNotAfter().before(new java.util.Date()) ? "  EXPIRED" : "").append('\n');
                    }
                } catch (Exception e) {
                    text.append("  not a certificate: ").append(e.getMessage()).append('\n');
                }
            }
        }
        add(zip, name, dir.toString(), text.toString().getBytes(StandardCharsets.UTF_8), "collected (subjects and dates only)");
    }

    private void file(ZipOutputStream zip, String name, Path source) throws IOException {
        if (!Files.isRegularFile(source)) {
            manifest.add(new BundleEntry(name, source.toString(), "not collected: no such file"));
            return;
        }
        try {
            add(zip, name, source.toString(), Files.readAllBytes(source), "collected");
        } catch (IOException e) {
            manifest.add(new BundleEntry(name, source.toString(), "not collected: " + e.getMessage()));
        }
    }

    private void command(ZipOutputStream zip, String name, String... command) throws IOException {
        String source = String.join(" ", command);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output;
            try (var in = process.getInputStream()) {
                output = in.readNBytes(COMMAND_OUTPUT_CAP);
            }
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                manifest.add(new BundleEntry(name, source, "not collected: no answer within " + COMMAND_TIMEOUT_SECONDS + " s"));
                return;
            }
            add(zip, name, source, output, "collected (exit status " + process.exitValue() + ")");
        } catch (IOException e) {
            manifest.add(new BundleEntry(name, source, "not collected: " + command[0] + " not available"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            manifest.add(new BundleEntry(name, source, "not collected: interrupted"));
        }
    }

    private void add(ZipOutputStream zip, String name, String source, byte[] content, String outcome) throws IOException {
        long room = capBytes - written;
        if (room <= 0) {
            manifest.add(new BundleEntry(name, source, "not collected: the bundle reached its size cap of " + capBytes + " bytes"));
            return;
        }
        if (content.length > room) {
            // Keep the end: the newest lines of a log are the ones support needs.
            byte[] tail = new byte[(int) room];
            System.arraycopy(content, content.length - tail.length, tail, 0, tail.length);
            put(zip, name, tail);
            manifest.add(new BundleEntry(name, source, outcome + "; truncated to its last " + room + " bytes (size cap)"));
            return;
        }
        put(zip, name, content);
        manifest.add(new BundleEntry(name, source, outcome));
    }

    private void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream out = zip;
        out.write(content);
        zip.closeEntry();
        written += content.length;
    }
}
