package dev.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux's {@code /proc} says about a process: CPU time (user + system, all threads) and
 * resident memory. Used for the servers and for the generator itself, the same way for all.
 */
public final class Proc {

    /** Clock ticks per second of {@code /proc/<pid>/stat} times; 100 on every Linux in practice. */
    private static final long CLOCK_TICKS = clockTicks();

    private Proc() {
    }

    /**
     * CPU time a process has used so far.
     *
     * @param pid the process
     * @return user + system time in nanoseconds, or -1 if unknown
     */
    public static long cpuNanos(long pid) {
        try {
            return statTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")))
                    * (1_000_000_000L / CLOCK_TICKS);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time a Java process's JIT compiler threads have used so far: work the JVM does to warm
     * up, which counts in {@link #cpuNanos} too. A window in which it is a large share measured a
     * server still compiling, not its steady cost.
     *
     * @param pid the process
     * @return user + system time of its {@code C1}/{@code C2 CompilerThread}s in nanoseconds; 0 for a
     *     process without them (Node) or when unknown
     */
    public static long compilerCpuNanos(long pid) {
        File[] tasks = Path.of("/proc", Long.toString(pid), "task").toFile().listFiles();
        if (tasks == null) {
            return 0;
        }
        long ticks = 0;
        for (File task : tasks) {
            try {
                String comm = Files.readString(task.toPath().resolve("comm"));
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    ticks += statTicks(Files.readString(task.toPath().resolve("stat")));
                }
            } catch (IOException | RuntimeException e) {
                // a thread that ended meanwhile: its time is no longer listed anywhere
            }
        }
        return ticks * (1_000_000_000L / CLOCK_TICKS);
    }

    /** utime + stime of a {@code stat} line, in clock ticks. */
    private static long statTicks(String stat) {
        // fields after the command name, which is in parentheses and may hold spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    }

    /**
     * Resident set size.
     *
     * @param pid the process
     * @return VmRSS in bytes, or -1 if unknown
     */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return -1;
    }

    /**
     * Open file descriptors (sockets included).
     *
     * @param pid the process
     * @return how many, or -1 if unknown
     */
    public static long openFiles(long pid) {
        String[] fds = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
        return fds == null ? -1 : fds.length;
    }

    /**
     * Threads.
     *
     * @param pid the process
     * @return how many, or -1 if unknown
     */
    public static long threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Long.parseLong(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return -1;
    }

    /** This process's id. */
    public static long self() {
        return ProcessHandle.current().pid();
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            long ticks = Long.parseLong(out);
            return ticks > 0 ? ticks : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
