package org.tapin.appliance.store;

import java.util.List;

/** What an endpoint reports about itself when it registers (and later, when it changes). */
public record EndpointInfo(String computerName, List<String> macs, List<String> ips, String agentVersion, String bootstrapVersion) {

    public EndpointInfo {
        macs = List.copyOf(macs);
        ips = List.copyOf(ips);
        agentVersion = agentVersion == null ? "" : agentVersion;
        bootstrapVersion = bootstrapVersion == null ? "" : bootstrapVersion;
    }
}
