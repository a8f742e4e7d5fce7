package org.tapin.agent.policy;

import java.util.List;

/**
 * Decides whether a window may show above the lock screen. It runs on every window event, so the list is
 * compiled once (one pre-built {@link Verdict} per entry) and a match allocates nothing: the case-insensitive
 * comparison walks the window's value in place with {@code regionMatches} instead of lower-casing copies.
 *
 * <p>An entry allows a window when every non-empty field matches: exactly (case-sensitive) when
 * {@code allowAllVariants} is false, as a case-insensitive substring when it is true. {@code executable} is
 * always compared exactly: a path is pinned, not searched. The first entry in list order that allows decides;
 * no entry allowing means denied, and so does an empty list: the lock fails closed.
 */
public final class AccessListMatcher {

    private final CompiledEntry[] entries;

    private AccessListMatcher(CompiledEntry[] entries) {
        this.entries = entries;
    }

    public static AccessListMatcher of(List<AccessEntry> accessList) {
        CompiledEntry[] compiled = new CompiledEntry[accessList.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = new CompiledEntry(accessList.get(i), i + 1);
        }
        return new AccessListMatcher(compiled);
    }

    public Verdict match(WindowIdentity window) {
        return match(window.wmClass(), window.appInstance(), window.name(), window.executable());
    }

    /** The same decision without building a {@link WindowIdentity}; null values count as empty. */
    public Verdict match(String wmClass, String appInstance, String name, String executable) {
        String cls = AccessEntry.orEmpty(wmClass);
        String instance = AccessEntry.orEmpty(appInstance);
        String title = AccessEntry.orEmpty(name);
        String exe = AccessEntry.orEmpty(executable);
        for (CompiledEntry entry : entries) {
            if (entry.allows(cls, instance, title, exe)) {
                return entry.verdict;
            }
        }
        return Verdict.DENIED;
    }

    public int size() {
        return entries.length;
    }

    private static final class CompiledEntry {
        private final boolean usable;
        private final boolean allVariants;
        private final String name;
        private final String wmClass;
        private final String appInstance;
        private final String executable;
        private final Verdict verdict;

        CompiledEntry(AccessEntry entry, int position) {
            this.usable = !entry.constrainsNothing();
            this.allVariants = entry.allowAllVariants();
            this.name = entry.name();
            this.wmClass = entry.wmClass();
            this.appInstance = entry.appInstance();
            this.executable = entry.executable();
            this.verdict = Verdict.allowedBy(entry, position);
        }

        boolean allows(String cls, String instance, String title, String exe) {
            return usable
                    && field(wmClass, cls)
                    && field(appInstance, instance)
                    && field(name, title)
                    && (executable.isEmpty() || executable.equals(exe));
        }

        private boolean field(String wanted, String actual) {
            if (wanted.isEmpty()) {
                return true;
            }
            return allVariants ? containsIgnoreCase(actual, wanted) : wanted.equals(actual);
        }

        private static boolean containsIgnoreCase(String haystack, String needle) {
            int length = needle.length();
            // Checking the first character inline skips most regionMatches calls: with 200 entries this is
            // what keeps a window event in the low microseconds.
            char first = needle.charAt(0);
            char upper = Character.toUpperCase(first);
            char lower = Character.toLowerCase(first);
            for (int from = 0, last = haystack.length() - length; from <= last; from++) {
                char c = haystack.charAt(from);
                if ((c == upper || c == lower || Character.toUpperCase(c) == upper || Character.toLowerCase(c) == lower)
                        && haystack.regionMatches(true, from, needle, 0, length)) {
                    return true;
                }
            }
            return false;
        }
    }
}
