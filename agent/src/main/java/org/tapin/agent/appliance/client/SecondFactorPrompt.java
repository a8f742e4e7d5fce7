package org.tapin.agent.appliance.client;

import java.util.ArrayList;
import java.util.List;

/** What the lock screen asks for when a sign-in needs one more step, in the clinician's words. */
final class SecondFactorPrompt {

    private SecondFactorPrompt() {
    }

    /** {@code methods}: the protocol's names ({@code totp}, {@code temporary-code}, {@code radius}), in order. */
    static String of(List<String> methods) {
        List<String> things = new ArrayList<>();
        for (String method : methods) {
            things.add(switch (method) {
                case "totp" -> "the code from your authenticator app";
                case "temporary-code" -> "a temporary code from the help desk";
                case "radius" -> "the code from your token";
                default -> "your " + method + " code";
            });
        }
        if (things.isEmpty()) {
            things.add("your second-factor code");
        }
        String first = things.get(0);
        return "Enter " + (things.size() == 1 ? first : String.join(", ", things.subList(0, things.size() - 1))
                + " or " + things.get(things.size() - 1));
    }

    /** A RADIUS server's Reply-Message, shown as the server wrote it (bounded, one line). */
    static String challenge(String message) {
        String line = message.replaceAll("\\s+", " ").trim();
        if (line.isEmpty()) {
            return "Enter the code your sign-in server asks for";
        }
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
