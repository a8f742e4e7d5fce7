package org.tapin.agent.reader;

/** What the badge reader component reports. {@code detectedNanos} is when PC/SC reported the card. */
public sealed interface ReaderEvent {

    record Tapped(BadgeId badge, String reader, long detectedNanos) implements ReaderEvent {}

    record Removed(String reader) implements ReaderEvent {}

    /** A card was there but gave no usable UID: the user is asked to tap again. */
    record Unreadable(String reader, String reason) implements ReaderEvent {}

    /** Whether at least one usable reader is there; {@code detail} says why not, for the log and the lock screen. */
    record Availability(boolean available, String detail) implements ReaderEvent {}
}
