package org.tapin.appliance.admin;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.tapin.appliance.PolicyDocuments;
import org.tapin.appliance.packages.AgentPackages;
import org.tapin.appliance.store.GroupPolicy;
import org.tapin.bootstrap.pkg.Refused;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Admin commands for agent versions: publish a signed package, list and remove published ones, and name the
 * version a group's endpoints should run (the {@code agentVersion} of the group's computer policy, which
 * reaches endpoints within seconds like any policy change). Endpoints install it at their next idle lock.
 */
@Command(name = "package", mixinStandardHelpOptions = true, description = "Agent packages and the version each group runs.")
final class PackageAdmin {
    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Command(name = "add", description = "Publishes a signed agent package (built with tapin-bootstrap package).")
    int add(@Parameters(paramLabel = "FILE") Path file) {
        return admin.withStore(spec, (store, cfg) -> {
            AgentPackages.Published p;
            try {
                p = AgentPackages.nextTo(cfg.store()).publish(file);
            } catch (Refused e) {
                throw new AdminCommand.Refused("not published: " + e.getMessage());
            }
            AdminCommand.audit(store, "admin.package.add", "", "version " + p.version() + ", " + p.bytes() + " bytes");
            spec.commandLine().getOut().println("published agent " + p.version() + " (" + p.bytes() + " bytes) as " + p.file());
        });
    }

    @Command(name = "list", description = "Lists published versions with their size.")
    int list() {
        return admin.withStore(spec, (store, cfg) -> {
            PrintWriter out = spec.commandLine().getOut();
            for (AgentPackages.Published p : AgentPackages.nextTo(cfg.store()).list()) {
                out.printf("%s\t%d bytes%n", p.version(), p.bytes());
            }
        });
    }

    @Command(name = "remove", description = "Removes a published version (endpoints that run it keep it).")
    int remove(@Parameters(paramLabel = "VERSION") String version) {
        return admin.withStore(spec, (store, cfg) -> {
            if (!AgentPackages.nextTo(cfg.store()).remove(version)) {
                throw new AdminCommand.Refused("no published version " + version);
            }
            AdminCommand.audit(store, "admin.package.remove", "", "version " + version);
            spec.commandLine().getOut().println("removed agent " + version);
        });
    }

    @Command(name = "run", description = "Sets the agent version GROUP's endpoints run ('none': whatever they have).")
    int run(@Parameters(paramLabel = "GROUP") String group, @Parameters(paramLabel = "VERSION|none") String version) {
        return admin.withStore(spec, (store, cfg) -> {
            if (!PolicyDocuments.validGroup(group)) {
                throw new AdminCommand.Refused("a group name is 1 to 64 letters, digits, '.', '-' or '_'");
            }
            boolean none = version.equals("none");
            if (!none && AgentPackages.nextTo(cfg.store()).find(version).isEmpty()) {
                throw new AdminCommand.Refused("no published version " + version + ": publish it first (package add FILE)");
            }
            String document = store.policy(group).map(GroupPolicy::document).orElse(PolicyDocuments.EMPTY);
            long policyVersion = store.setPolicy(group, PolicyDocuments.withAgentVersion(document, none ? null : version));
            AdminCommand.audit(store, "admin.package.run", "", "group " + group + " runs " + (none ? "any version" : version)
                    + " (policy version " + policyVersion + ")");
            spec.commandLine().getOut().println("group " + group + " runs agent " + (none ? "as installed" : version)
                    + " (policy version " + policyVersion + ")");
        });
    }
}
