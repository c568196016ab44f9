package fr.douane.keycloak.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What the figures were measured on: cores, memory, CPU model, JDK, load average. */
record Machine(int cores, long memoryMiB, String cpu, String jdk, String loadBefore, String startedAt) {

    static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readMemoryMiB(), cpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                loadAverage(), Instant.now().toString());
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static long readMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return -1;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "?";
    }

    String oneLine() {
        return cores + " cores (" + cpu + "), " + memoryMiB + " MiB, " + jdk + ", load average " + loadBefore;
    }
}
