package org.tapin.agent.support;

/**
 * One line of the bundle's MANIFEST.txt: what the item is, where it came from, and what happened to it
 * ("collected", "redacted: …", "truncated: …", or "not collected: <why>").
 */
public record BundleEntry(String name, String source, String outcome) {

    public String manifestLine() {
        return name + "\t" + source + "\t" + outcome;
    }
}
