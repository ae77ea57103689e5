package dev.switchboard.bench;

import io.netty.util.internal.PlatformDependent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The control protocol between the runner and a server process, the same for the Java servers and
 * the Node one: the server prints {@code READY <port>} once listening; on the line {@code mem} it
 * collects garbage and prints {@code MEM {"heap":..,"direct":..,"rss":..,"leaks":..}} (bytes; leaks
 * found by Netty's detector, -1 where they are not counted); on {@code quit}
 * or the end of its input it exits, so a server never outlives its runner.
 */
public final class ControlLine {

    private ControlLine() {
    }

    /**
     * Announces the port and serves commands on standard input until told to stop; then runs
     * {@code onStop} and returns.
     *
     * @param port the listening port
     * @param onStop closes the server
     */
    public static void serve(int port, Runnable onStop) {
        System.out.println("READY " + port);
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.trim();
                if (command.equals("mem")) {
                    System.out.println("MEM " + memoryJson());
                    System.out.flush();
                } else if (command.equals("quit")) {
                    break;
                }
            }
        } catch (IOException e) {
            // the runner went away: stop as on "quit"
        }
        onStop.run();
    }

    /**
     * Heap used after two full collections, direct memory (Netty's and the JDK's direct buffers) and RSS, as JSON.
     *
     * @return the report
     */
    static String memoryJson() {
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        // Netty counts what it allocates without a cleaner; what it allocates with one is in the
        // JDK's "direct" pool with every other direct buffer: the sum counts each byte once.
        long direct = Math.max(0, PlatformDependent.usedDirectMemory());
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct += Math.max(0, pool.getMemoryUsed());
            }
        }
        return "{\"heap\":" + heap + ",\"direct\":" + direct + ",\"rss\":" + Proc.rssBytes(Proc.self())
                + ",\"leaks\":" + LeakCounter.count() + "}";
    }
}
