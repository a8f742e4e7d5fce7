package org.tapin.appliance.account;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import org.passay.CharacterRule;
import org.passay.EnglishCharacterData;
import org.passay.LengthRule;
import org.passay.PasswordData;
import org.passay.PasswordValidator;
import org.passay.PropertiesMessageResolver;
import org.passay.Rule;
import org.passay.RuleResult;
import org.passay.UsernameRule;
import org.tapin.appliance.auth.PasswordHasher;

/**
 * Checks a new password against the {@link PasswordRules} with Passay, and says what is wrong in sentences a
 * clinician can act on ({@code password-rules.properties}). No sentence ever quotes the password or a part of
 * it: only the rules' own figures and the user name.
 */
public final class PasswordCheck {

    private static final Properties SENTENCES = sentences();

    private final PasswordRules rules;
    private final PasswordHasher hasher;

    public PasswordCheck(PasswordRules rules, PasswordHasher hasher) {
        this.rules = rules;
        this.hasher = hasher;
    }

    public PasswordRules rules() {
        return rules;
    }

    /**
     * The broken rules as sentences, in the rules' order, or an empty list when {@code password} is acceptable.
     * {@code previousHashes}: the current and earlier password hashes the new one must differ from.
     */
    public List<String> problems(String username, char[] password, List<String> previousHashes) {
        List<Rule> list = new ArrayList<>();
        list.add(new LengthRule(rules.minLength(), rules.maxLength()));
        if (rules.minLetters() > 0) {
            list.add(new CharacterRule(EnglishCharacterData.Alphabetical, rules.minLetters()));
        }
        if (rules.minDigits() > 0) {
            list.add(new CharacterRule(EnglishCharacterData.Digit, rules.minDigits()));
        }
        if (rules.mixedCase()) {
            list.add(new CharacterRule(EnglishCharacterData.UpperCase, 1));
            list.add(new CharacterRule(EnglishCharacterData.LowerCase, 1));
        }
        if (rules.minSpecial() > 0) {
            list.add(new CharacterRule(EnglishCharacterData.Special, rules.minSpecial()));
        }
        if (rules.notUsername()) {
            list.add(new UsernameRule(true, true));
        }
        if (!previousHashes.isEmpty()) {
            list.add(new PreviousPasswords(hasher, previousHashes));
        }
        PasswordValidator validator = new PasswordValidator(new PropertiesMessageResolver(SENTENCES), list);
        // Passay works on Strings; this one lives only for the check.
        PasswordData data = new PasswordData(username, new String(password));
        RuleResult result = validator.validate(data);
        if (result.isValid()) {
            return List.of();
        }
        // One sentence per broken rule: Passay reports each offending character class once, length once.
        return List.copyOf(new LinkedHashSet<>(validator.getMessages(result)));
    }

    /** The rules in force as sentences, for the change-password view and the admin's help. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("Between " + rules.minLength() + " and " + rules.maxLength() + " characters.");
        if (rules.minLetters() > 0) {
            lines.add("At least " + rules.minLetters() + " letter" + (rules.minLetters() == 1 ? "" : "s") + ".");
        }
        if (rules.minDigits() > 0) {
            lines.add("At least " + rules.minDigits() + " digit" + (rules.minDigits() == 1 ? "" : "s") + ".");
        }
        if (rules.mixedCase()) {
            lines.add("Upper-case and lower-case letters.");
        }
        if (rules.minSpecial() > 0) {
            lines.add("At least " + rules.minSpecial() + " special character" + (rules.minSpecial() == 1 ? "" : "s")
                    + " such as ! # % or -.");
        }
        if (rules.notUsername()) {
            lines.add("Not your user name.");
        }
        if (rules.history() > 0) {
            lines.add("Not one of your last " + rules.history() + " passwords.");
        }
        return lines;
    }

    private static Properties sentences() {
        Properties p = new Properties();
        try (InputStream in = PasswordCheck.class.getResourceAsStream("password-rules.properties")) {
            if (in == null) {
                throw new IllegalStateException("password-rules.properties is missing from the appliance jar");
            }
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read password-rules.properties", e);
        }
        return p;
    }
}
