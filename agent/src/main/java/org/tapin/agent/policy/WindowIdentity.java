package org.tapin.agent.policy;

/**
 * What the access list can see of a window. {@code executable} is the resolved {@code /proc/PID/exe} of the
 * window's client, or empty when it is not known (a remote client, or a server without the XRes extension).
 */
public record WindowIdentity(String wmClass, String appInstance, String name, String executable) {

    public WindowIdentity {
        wmClass = AccessEntry.orEmpty(wmClass);
        appInstance = AccessEntry.orEmpty(appInstance);
        name = AccessEntry.orEmpty(name);
        executable = AccessEntry.orEmpty(executable);
    }

    public static WindowIdentity of(String wmClass, String appInstance, String name) {
        return new WindowIdentity(wmClass, appInstance, name, "");
    }
}
