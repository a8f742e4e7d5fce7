package org.tapin.agent.daemon;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.overlay.KeyboardHandoff;
import org.tapin.x11.cover.Cover;
import org.tapin.x11.cover.Dimmer;
import org.tapin.x11.window.WindowPolicy;

/**
 * The lock as the session machine sees it: the X11 cover and enforcer, the overlay's stages above it, and the
 * dimmer for the walk-away fade. Called from the session loop's thread, except for the keyboard handoff, which
 * the overlay link calls (the cover serialises every call on its own thread).
 *
 * <p>Engaging puts the cover up first and then shows the overlay, so there is never a moment when the overlay
 * is gone and the desktop shows; releasing hides the overlay first, so it never lingers over the desktop.
 * The keyboard goes the same way: the cover takes it on engaging, and hands it to the overlay when the overlay
 * asks ({@link KeyboardHandoff}), so what the clinician types reaches the lock screen and nothing behind it.
 */
final class CoverLock implements Ports.Lock, KeyboardHandoff {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Cover");

    private final String display;
    private final OverlayProcess overlay;
    private volatile Cover cover;
    private Dimmer dimmer;
    private WindowPolicy policy;

    CoverLock(String display, Cover cover, OverlayProcess overlay) {
        this.display = display;
        this.cover = cover;
        this.overlay = overlay;
    }

    Cover cover() {
        return cover;
    }

    /** Which windows may show above the lock; kept to give a reconnected cover. */
    synchronized void policy(WindowPolicy newPolicy) {
        policy = newPolicy;
        cover.policy(newPolicy);
    }

    @Override
    public void engage() {
        cover.engage();
        overlay.visible(true);
    }

    @Override
    public void release() {
        overlay.visible(false);
        cover.release();
    }

    @Override
    public void overlayWantsKeyboard() {
        LOG.debug("keyboard: the lock screen asks for it; the cover lets go");
        cover.yieldKeyboard();
        overlay.link().keyboardFree();
    }

    @Override
    public void overlayHoldsKeyboard() {
        LOG.debug("keyboard: held by the lock screen");
        cover.yieldKeyboard();
    }

    @Override
    public void overlayGone() {
        LOG.debug("keyboard: the lock screen is gone; the cover takes it back");
        cover.reclaimKeyboard();
    }

    @Override
    public void fade(double progress) {
        if (dimmer == null && progress <= 0) {
            return;
        }
        if (dimmer == null) {
            dimmer = new Dimmer(display);
        }
        dimmer.dim(progress);
        overlay.fade(progress);
    }

    /** A new cover connection, retried with backoff until the server answers; it adopts the cover left up. */
    @Override
    public void reconnect() throws InterruptedException {
        long delay = 100;
        while (true) {
            try {
                Cover fresh = new Cover(display).start();
                cover.close();
                cover = fresh;
                synchronized (this) {
                    if (policy != null) {
                        cover.policy(policy);
                    }
                }
                if (dimmer != null) {
                    dimmer.close();
                    dimmer = null;
                }
                LOG.info("X connection re-established");
                return;
            } catch (RuntimeException e) {
                LOG.warn("X server not answering yet ({}); retrying in {} ms", e.getMessage(), delay);
                TimeUnit.MILLISECONDS.sleep(delay);
                delay = Math.min(5_000, delay * 2);
            }
        }
    }
}
