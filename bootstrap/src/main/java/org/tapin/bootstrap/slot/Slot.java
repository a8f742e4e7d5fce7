package org.tapin.bootstrap.slot;

/** The two folders an agent version can be installed in; one runs while the other is replaced. */
public enum Slot {
    A, B;

    public Slot other() {
        return this == A ? B : A;
    }

    public String folderName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Slot parse(String text) {
        return switch (text) {
            case "a" -> A;
            case "b" -> B;
            default -> throw new IllegalArgumentException("slot \"" + text + "\" is neither a nor b");
        };
    }
}
