package org.tapin.agent.appliance.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/** What the endpoint tells the appliance about itself at registration (docs/protocol.md, {@code POST /v1/endpoints}). */
public record EndpointFacts(String computerName, List<String> macs, List<String> ips, String agentVersion, String bootstrapVersion) {

    public EndpointFacts {
        macs = List.copyOf(macs);
        ips = List.copyOf(ips);
        agentVersion = agentVersion == null ? "" : agentVersion;
        bootstrapVersion = bootstrapVersion == null ? "" : bootstrapVersion;
    }

    /** The MAC and IP addresses of the interfaces that are up, loopback and link-local addresses left out. */
    public static EndpointFacts collect(String computerName, String agentVersion, String bootstrapVersion) {
        List<String> macs = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                byte[] mac = nic.getHardwareAddress();
                if (mac != null && mac.length == 6 && macs.size() < 16) {
                    macs.add(HexFormat.ofDelimiter(":").formatHex(mac));
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLinkLocalAddress() && !address.isLoopbackAddress() && ips.size() < 16
                            && (address instanceof Inet4Address || address instanceof Inet6Address)) {
                        ips.add(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // reported without addresses: registration matters more than the inventory
        }
        return new EndpointFacts(computerName, macs, ips, agentVersion, bootstrapVersion);
    }
}
