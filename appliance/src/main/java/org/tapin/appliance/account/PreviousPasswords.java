package org.tapin.appliance.account;

import java.util.List;
import java.util.Map;
import org.passay.PasswordData;
import org.passay.Rule;
import org.passay.RuleResult;
import org.tapin.appliance.auth.PasswordHasher;

/**
 * Passay's history rule compares with stored passwords or plain digests; the appliance keeps only salted slow
 * hashes (PBKDF2, the same as the current password), so this rule checks the new password against each of them.
 * Its error has Passay's own code, so its sentence comes from the same message file as the others.
 */
final class PreviousPasswords implements Rule {

    static final String CODE = "HISTORY_VIOLATION";

    private final PasswordHasher hasher;
    private final List<String> hashes;

    PreviousPasswords(PasswordHasher hasher, List<String> hashes) {
        this.hasher = hasher;
        this.hashes = List.copyOf(hashes);
    }

    @Override
    public RuleResult validate(PasswordData data) {
        RuleResult result = new RuleResult(true);
        char[] password = data.getPassword().toCharArray();
        try {
            for (String hash : hashes) {
                if (hasher.verify(password, hash)) {
                    result.addError(CODE, Map.of("historySize", hashes.size()));
                    break;
                }
            }
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        return result;
    }
}
