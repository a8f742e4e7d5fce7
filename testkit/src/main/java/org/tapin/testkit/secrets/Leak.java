package org.tapin.testkit.secrets;

/** A planted secret found where it must not be: which path planted it, where it was found, in which form. */
public record Leak(String path, String where, String form) {

    @Override
    public String toString() {
        return "the secret of \"" + path + "\" in " + where + " (" + form + ")";
    }
}
