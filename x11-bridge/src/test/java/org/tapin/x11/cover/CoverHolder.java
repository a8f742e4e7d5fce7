package org.tapin.x11.cover;

/** A child process for the kill -9 test: engages a cover, says so, and waits to be killed. */
public final class CoverHolder {
    public static void main(String[] args) throws Exception {
        Cover cover = new Cover(args[0]).start();
        System.out.println("started");
        System.out.println("engaged " + cover.engage() + (cover.adopted() ? " adopted" : " created"));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
