package org.tapin.agent.daemon;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.logging.AgentLogging;
import org.tapin.agent.policy.AccessListMatcher;
import org.tapin.agent.policy.Verdict;
import org.tapin.x11.activity.ActivityLine;
import org.tapin.x11.window.TopLevelWindow;
import org.tapin.x11.window.WindowEvent;

/**
 * With {@code [windows.monitor] log-activity = True}: every new window gets the line admins grep for
 * ({@code Create window call end. ID:"…";WMClass:"…";WMName:"…";WMAppInterface:"…";}) and a second line with
 * the verdict and the deciding entry, so building an access list needs no xprop. Renames get both again.
 */
public final class WindowActivityLog implements Consumer<WindowEvent> {

    private static final Logger ACTIVITY = LoggerFactory.getLogger(AgentLogging.WINDOWS_ACTIVITY);

    private volatile AccessListMatcher matcher;

    public WindowActivityLog(AccessListMatcher matcher) {
        this.matcher = matcher;
    }

    public void policy(AccessListMatcher newMatcher) {
        matcher = newMatcher;
    }

    @Override
    public void accept(WindowEvent event) {
        TopLevelWindow w = event instanceof WindowEvent.Mapped m ? m.window()
                : event instanceof WindowEvent.Renamed r ? r.window() : null;
        if (w == null || !ACTIVITY.isDebugEnabled()) {
            return;
        }
        ACTIVITY.debug(ActivityLine.created(w));
        Verdict verdict = matcher.match(w.wmClass(), w.instance(), w.name(), w.executable());
        ACTIVITY.debug("Window verdict. ID:\"" + w.id() + "\";Verdict:\"" + (verdict.allowed() ? "allowed" : "denied")
                + "\";Rule:\"" + (verdict.allowed() ? ActivityLine.escape(verdict.entry().label(verdict.position())) : "")
                + "\";PID:\"" + w.pid() + "\";Executable:\"" + ActivityLine.escape(w.executable()) + "\";");
    }
}
