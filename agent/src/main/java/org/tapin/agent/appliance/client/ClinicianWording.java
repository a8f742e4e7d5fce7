package org.tapin.agent.appliance.client;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An appliance's reason as the lock screen shows it: a sentence (capital first letter, full stop), and the
 * protocol's UTC times ("account locked until 2026-11-23T11:54:40Z") as the wall clock here says them
 * ("Account locked until 12:54."), with the date when it is not today. The log keeps the appliance's words.
 */
final class ClinicianWording {

    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH);

    private ClinicianWording() {
    }

    /** The sign-in answer's {@code passwordExpiresInDays}, as the user reads it once signed in. */
    static String passwordExpiry(int days) {
        if (days <= 0) {
            return "Your password has expired. Choose a new one the next time you sign in with your password.";
        }
        return "Your password expires " + (days == 1 ? "tomorrow" : "in " + days + " days")
                + ". You will be asked for a new one when it does.";
    }

    static String reason(String reason, Instant now, ZoneId zone) {
        Matcher m = INSTANT.matcher(reason);
        StringBuilder out = new StringBuilder();
        LocalDate today = now.atZone(zone).toLocalDate();
        while (m.find()) {
            String local;
            try {
                ZonedDateTime at = Instant.parse(m.group()).atZone(zone);
                local = (at.toLocalDate().equals(today) ? TIME : DAY_AND_TIME).format(at);
            } catch (DateTimeParseException e) {
                local = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(local));
        }
        m.appendTail(out);
        String text = out.toString().strip();
        if (text.isEmpty()) {
            return text;
        }
        text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return text.endsWith(".") || text.endsWith("!") || text.endsWith("?") ? text : text + ".";
    }
}
