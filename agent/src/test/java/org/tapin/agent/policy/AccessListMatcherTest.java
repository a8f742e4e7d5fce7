package org.tapin.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccessListMatcherTest {

    // The values admins of the product this replaces actually entered (IGEL community notes).
    static final AccessEntry IGEL_SETUP = new AccessEntry("IGEL Setup", "IGEL Setup 11.05.133.01 (Build 6.7.5)",
            "IGEL Setup", "sun-awt-X11-XFramePeer", false, null);
    static final AccessEntry CONKY = new AccessEntry("Conky", "conky", "Conky", "conky", true, null);
    static final AccessEntry SCREENSAVER_1 =
            new AccessEntry("IGEL Screensaver 1", "screensaver", "ScreenSaverD", "screensaverd", false, null);
    static final AccessEntry SCREENSAVER_2 = new AccessEntry(
            "IGEL Screensaver 2", "igel_screensaver", "Igel_screensaver", "igel_screensaver", false, null);
    static final AccessEntry QT_MESSAGE = new AccessEntry("UMS message", null, "qt_message", null, true, null);
    static final AccessEntry GTK_MESSAGE = new AccessEntry("Reboot dialogs", null, "Gtkmessage", null, true, null);
    static final AccessEntry NOTIFYD = new AccessEntry("Notifications", null, "Xfce4-notifyd", null, true, null);
    static final AccessEntry DISPLAY_SWITCHER =
            new AccessEntry("Display switcher", null, "igel_display_switcher", null, true, null);

    static final AccessListMatcher SEED_LIST = AccessListMatcher.of(List.of(IGEL_SETUP, CONKY, SCREENSAVER_1,
            SCREENSAVER_2, QT_MESSAGE, GTK_MESSAGE, NOTIFYD, DISPLAY_SWITCHER));

    static Verdict match(String wmClass, String instance, String name) {
        return SEED_LIST.match(WindowIdentity.of(wmClass, instance, name));
    }

    @Nested
    class ExactEntries {
        @Test
        void igelSetupWithTheValuesXpropPrintedIsAllowed() {
            Verdict v = match("IGEL Setup", "sun-awt-X11-XFramePeer", "IGEL Setup 11.05.133.01 (Build 6.7.5)");
            assertThat(v.allowed()).isTrue();
            assertThat(v.describe()).isEqualTo("allowed: IGEL Setup");
            assertThat(v.position()).isEqualTo(1);
        }

        @Test
        void igelSetupOfAnotherFirmwareBuildIsDeniedWithoutAllVariants() {
            assertThat(match("IGEL Setup", "sun-awt-X11-XFramePeer", "IGEL Setup 11.06.100.01 (Build 6.8.0)").allowed())
                    .isFalse();
        }

        @Test
        void exactMatchIsCaseSensitive() {
            assertThat(match("igel setup", "sun-awt-X11-XFramePeer", "IGEL Setup 11.05.133.01 (Build 6.7.5)"))
                    .isEqualTo(Verdict.DENIED);
        }

        @Test
        void bothScreensaverEntriesAllowTheirOwnWindowOnly() {
            assertThat(match("ScreenSaverD", "screensaverd", "screensaver").describe())
                    .isEqualTo("allowed: IGEL Screensaver 1");
            assertThat(match("Igel_screensaver", "igel_screensaver", "igel_screensaver").describe())
                    .isEqualTo("allowed: IGEL Screensaver 2");
            // Mixed fields from the two entries match neither: every non-empty field must match.
            assertThat(match("ScreenSaverD", "igel_screensaver", "screensaver").allowed()).isFalse();
        }

        @Test
        void aWindowCopyingOnlyTheClassOfAnExactEntryIsDenied() {
            assertThat(match("ScreenSaverD", "xterm", "patient list").allowed()).isFalse();
        }
    }

    @Nested
    class AllVariantsEntries {
        @Test
        void conkyMatchesItsHostSpecificTitle() {
            assertThat(match("Conky", "conky", "conky (ITC6845F1391E31)").describe()).isEqualTo("allowed: Conky");
        }

        @Test
        void containsMatchIgnoresCase() {
            assertThat(match("QT_MESSAGE_box", "", "UMS").describe()).isEqualTo("allowed: UMS message");
            assertThat(match("gtkmessage", "zenity", "Reboot").describe()).isEqualTo("allowed: Reboot dialogs");
            assertThat(match("Xfce4-notifyd", "xfce4-notifyd", "xfce4-notifyd").describe())
                    .isEqualTo("allowed: Notifications");
            assertThat(match("Igel_display_switcher", "igel_display_switcher", "Display").describe())
                    .isEqualTo("allowed: Display switcher");
        }

        @Test
        void emptyFieldsDoNotConstrainButSetOnesMust() {
            assertThat(match("XTerm", "xterm", "qt_message").allowed())
                    .as("the name contains qt_message but the entry constrains the class only")
                    .isFalse();
        }
    }

    @Test
    void firstAllowingEntryInListOrderDecides() {
        AccessEntry broad = new AccessEntry("broad", null, "XTerm", null, true, null);
        AccessEntry narrow = new AccessEntry("narrow", "log", "XTerm", "xterm", false, null);
        assertThat(AccessListMatcher.of(List.of(broad, narrow)).match(WindowIdentity.of("XTerm", "xterm", "log"))
                .describe()).isEqualTo("allowed: broad");
        assertThat(AccessListMatcher.of(List.of(narrow, broad)).match(WindowIdentity.of("XTerm", "xterm", "log"))
                .describe()).isEqualTo("allowed: narrow");
    }

    @Test
    void anEntryWithNoFieldAllowsNothingEvenWithAllVariants() {
        AccessEntry empty = new AccessEntry("oops", "", null, "", true, null);
        AccessListMatcher matcher = AccessListMatcher.of(List.of(empty));
        assertThat(matcher.match(WindowIdentity.of("", "", "")).allowed()).isFalse();
        assertThat(matcher.match(WindowIdentity.of("XTerm", "xterm", "anything")).allowed()).isFalse();
    }

    @Test
    void anEmptyListDeniesEverything() {
        assertThat(AccessListMatcher.of(List.of()).match(WindowIdentity.of("XTerm", "xterm", "x"))).isEqualTo(Verdict.DENIED);
    }

    @Test
    void aWindowWithoutPropertiesIsDeniedByEntriesThatSetThem() {
        assertThat(SEED_LIST.match(null, null, null, null)).isEqualTo(Verdict.DENIED);
    }

    @Test
    void anEntryWithoutNicknameIsNamedByPosition() {
        AccessEntry anonymous = new AccessEntry(null, null, "XClock", null, false, null);
        assertThat(AccessListMatcher.of(List.of(CONKY, anonymous)).match(WindowIdentity.of("XClock", "xclock", "xclock"))
                .describe()).isEqualTo("allowed: entry 2");
    }

    @Nested
    class ExecutablePinning {
        final AccessEntry pinned =
                new AccessEntry("VNC prompt", null, "Vncgui", null, false, "/usr/bin/vncgui");
        final AccessListMatcher matcher = AccessListMatcher.of(List.of(pinned));

        @Test
        void allowsTheWindowWhenItsProgramIsThePinnedOne() {
            assertThat(matcher.match(new WindowIdentity("Vncgui", "vncgui", "Shadowing on", "/usr/bin/vncgui")).allowed())
                    .isTrue();
        }

        @Test
        void deniesAnotherProgramCopyingTheClass() {
            assertThat(matcher.match(new WindowIdentity("Vncgui", "vncgui", "Shadowing on", "/usr/bin/xterm")).allowed())
                    .isFalse();
        }

        @Test
        void deniesWhenTheProgramIsUnknown() {
            assertThat(matcher.match(WindowIdentity.of("Vncgui", "vncgui", "Shadowing on")).allowed()).isFalse();
        }

        @Test
        void isComparedExactlyEvenWithAllVariants() {
            AccessEntry variants = new AccessEntry("v", null, "vnc", null, true, "/usr/bin/vncgui");
            AccessListMatcher m = AccessListMatcher.of(List.of(variants));
            assertThat(m.match(new WindowIdentity("Vncgui", "", "", "/tmp/usr/bin/vncgui")).allowed()).isFalse();
            assertThat(m.match(new WindowIdentity("Vncgui", "", "", "/usr/bin/vncgui")).allowed()).isTrue();
        }
    }
}
