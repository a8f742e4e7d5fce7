package org.tapin.agent.cli;

import picocli.CommandLine.IVersionProvider;

/** The version the build wrote into the jar's manifest; "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TapinCommand.class.getPackage().getImplementationVersion();
        return new String[] {"tapin " + (version == null ? "development" : version)};
    }
}
