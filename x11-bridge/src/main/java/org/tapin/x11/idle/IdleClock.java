package org.tapin.x11.idle;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import java.time.Duration;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.XException;
import org.tapin.x11.xlib.Xss;

/**
 * Keyboard-and-mouse idle time as the X server counts it, for walk-away. The server sees every input device
 * and every client, so no window (the overlay included) can fake or hide activity. Its own connection, used
 * by one thread.
 */
public final class IdleClock implements AutoCloseable {

    private final XConnection x;
    private final Memory info = new Memory(Xss.INFO_SIZE);

    public IdleClock(String displayName) {
        this.x = XConnection.open(displayName);
        if (!Xss.INSTANCE.XScreenSaverQueryExtension(x.display(), new IntByReference(), new IntByReference())) {
            x.close();
            throw new XException("the X server has no MIT-SCREEN-SAVER extension: walk-away cannot measure idle time");
        }
    }

    public Duration idle() {
        if (Xss.INSTANCE.XScreenSaverQueryInfo(x.display(), x.root(), info) == 0) {
            throw new XException("the X server did not answer the idle-time query");
        }
        return Duration.ofMillis(info.getLong(Xss.INFO_IDLE));
    }

    @Override
    public void close() {
        x.close();
    }
}
