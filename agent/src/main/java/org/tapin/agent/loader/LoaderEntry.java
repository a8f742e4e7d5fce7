package org.tapin.agent.loader;

import org.tapin.agent.cli.TapinCommand;

/**
 * The main class an agent package names for the loader ({@code tapin-bootstrap}), which starts it as
 * {@code java -cp JARS org.tapin.agent.loader.LoaderEntry [--self-test]} in the slot's folder:
 * <ul>
 * <li>{@code --self-test}: the checks the loader runs before switching to a staged version ({@link SelfTest});
 * <li>anything else: {@code tapin agent} with those arguments, the configuration from {@code $TAPIN_CONFIG} or
 * the default path, the overlay's jar from the slot, and the health file the loader watches during probation
 * created once the display is locked and the agent runs.
 * </ul>
 */
public final class LoaderEntry {

    public static final String SELF_TEST = "--self-test";

    private LoaderEntry() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(SELF_TEST)) {
            System.exit(new SelfTest(System.out, System.getenv()).run(System.getProperty("java.class.path", "")));
        }
        String[] agent = new String[args.length + 1];
        agent[0] = "agent";
        System.arraycopy(args, 0, agent, 1, args.length);
        System.exit(TapinCommand.commandLine(agent).execute(agent));
    }
}
