package org.tapin.x11.window;

/** What the window monitor reports about top-level windows. */
public sealed interface WindowEvent {

    /** A top-level window was created (not shown yet; it is judged when it maps). */
    record Created(long window, boolean overrideRedirect) implements WindowEvent {}

    /** A top-level window became viewable (the moment it could show above the lock). */
    record Mapped(TopLevelWindow window) implements WindowEvent {}

    /** A viewable window changed its name or class: it is judged again. */
    record Renamed(TopLevelWindow window) implements WindowEvent {}

    /** A top-level window moved in the stacking order or changed geometry. */
    record Restacked(long frame) implements WindowEvent {}

    /** A top-level window was unmapped or destroyed. */
    record Gone(long frame) implements WindowEvent {}
}
