package org.tapin.x11.activity;

import org.tapin.x11.window.TopLevelWindow;

/**
 * The window-activity line admins grep for, in the exact field format of the agent tapin replaces:
 * {@code Create window call end. ID:"58720259";WMClass:"Vncgui";WMName:"Shadowing on";WMAppInterface:"vncgui";}
 * (ID in decimal, WMClass the class of WM_CLASS, WMAppInterface its instance).
 *
 * <p>Values come from the client and may be hostile: a backslash, a double quote and every control character
 * are escaped ({@code \\}, {@code \"}, {@code \n}, {@code \xNN}), so a title like {@code x";WMClass:"Allowed}
 * or one with a line break can neither forge a field nor start a line. Ordinary titles stay byte-identical.
 */
public final class ActivityLine {

    private ActivityLine() {}

    public static String created(TopLevelWindow w) {
        return "Create window call end. ID:\"" + w.id() + "\";WMClass:\"" + escape(w.wmClass()) + "\";WMName:\""
                + escape(w.name()) + "\";WMAppInterface:\"" + escape(w.instance()) + "\";";
    }

    public static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '"' -> "\\\"";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029' || c == '\u0085'
                        ? String.format("\\x%02X", (int) c & 0xFFFF) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }
}
