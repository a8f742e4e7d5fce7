package org.tapin.agent.policy;

/**
 * One line of the lock-screen access list: the values an admin copied from {@code xprop}.
 *
 * <p>{@code name} is matched against WM_NAME ({@code _NET_WM_NAME} when set), {@code wmClass} against the
 * class part of WM_CLASS and {@code appInstance} against its instance part (xprop prints
 * {@code WM_CLASS(STRING) = "instance", "class"}). An empty field does not constrain. {@code executable}, when
 * set, is the absolute path the window's client process must run: WM_CLASS and WM_NAME are chosen by the
 * client, so only the executable pins an entry to a program.
 */
public record AccessEntry(
        String nickname, String name, String wmClass, String appInstance, boolean allowAllVariants, String executable) {

    public AccessEntry {
        nickname = orEmpty(nickname);
        name = orEmpty(name);
        wmClass = orEmpty(wmClass);
        appInstance = orEmpty(appInstance);
        executable = orEmpty(executable);
    }

    /** An entry that sets no field at all would match every window if empty meant "any": it allows nothing. */
    public boolean constrainsNothing() {
        return name.isEmpty() && wmClass.isEmpty() && appInstance.isEmpty() && executable.isEmpty();
    }

    /** How a person names this entry in messages: its nickname, else its 1-based position. */
    public String label(int position) {
        return nickname.isEmpty() ? "entry " + position : nickname;
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
