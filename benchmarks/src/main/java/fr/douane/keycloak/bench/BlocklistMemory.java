package fr.douane.keycloak.bench;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.function.Supplier;

import fr.douane.keycloak.policy.DouaneBlocklist;
import org.keycloak.policy.DenylistPasswordPolicyProviderFactory;
import org.keycloak.policy.DenylistPasswordPolicyProviderFactory.FileBasedPasswordDenylist;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap of one blocklist, ours versus the stock Bloom filter built from the same word list file,
 * measured two ways outside JMH:
 * <ul>
 *   <li>jol's object-graph walk ({@code GraphLayout.parseInstance(x).totalSize()}): exact for this JVM's layout;</li>
 *   <li>used-heap delta after GC over {@value #INSTANCES} live instances, divided by the count: a cross-check
 *       that needs no agent. It counts the whole list objects each factory keeps (the stock one also holds
 *       its name and Path; the file system behind the Path is a JVM-wide singleton).</li>
 * </ul>
 * jol counts our whole {@link DouaneBlocklist} and the stock list's Bloom filter (its bit array).
 */
final class BlocklistMemory {

    static final int INSTANCES = 400;

    final long oursJol;
    final long stockBloomJol;
    final double oursHeapDelta;
    final double stockHeapDelta;
    final long entries;

    private BlocklistMemory(long oursJol, long stockBloomJol, double oursHeapDelta, double stockHeapDelta, long entries) {
        this.oursJol = oursJol;
        this.stockBloomJol = stockBloomJol;
        this.oursHeapDelta = oursHeapDelta;
        this.stockHeapDelta = stockHeapDelta;
        this.entries = entries;
    }

    static BlocklistMemory measure(Path wordListDir) throws Exception {
        Path name = wordListDir.resolve(PolicyFixture.WordList.FILE_NAME);
        double fpp = DenylistPasswordPolicyProviderFactory.DEFAULT_FALSE_POSITIVE_PROBABILITY;
        long checkMillis = DenylistPasswordPolicyProviderFactory.DEFAULT_CHECK_INTERVAL_SECONDS * 1000L;

        DouaneBlocklist ours = DouaneBlocklist.builtIn();
        FileBasedPasswordDenylist stock = new FileBasedPasswordDenylist(wordListDir, name.getFileName().toString(), fpp, checkMillis);
        Object bloom = bloomOf(stock);

        long oursJol = GraphLayout.parseInstance(ours).totalSize();
        long bloomJol = GraphLayout.parseInstance(bloom).totalSize();

        double oursDelta = heapPerInstance(DouaneBlocklist::builtIn);
        double stockDelta = heapPerInstance(() -> new FileBasedPasswordDenylist(wordListDir, name.getFileName().toString(), fpp, checkMillis));
        return new BlocklistMemory(oursJol, bloomJol, oursDelta, stockDelta, ours.size());
    }

    private static Object bloomOf(FileBasedPasswordDenylist list) throws ReflectiveOperationException {
        Field f = FileBasedPasswordDenylist.class.getDeclaredField("denylist");
        f.setAccessible(true);
        return f.get(list);
    }

    private static double heapPerInstance(Supplier<Object> make) throws InterruptedException {
        // Warm the code paths and the class loading once, outside the measurement.
        for (int i = 0; i < 20; i++) {
            make.get();
        }
        Object[] keep = new Object[INSTANCES];
        long before = usedAfterGc();
        for (int i = 0; i < INSTANCES; i++) {
            keep[i] = make.get();
        }
        long after = usedAfterGc();
        Reference.reachabilityFence(keep);
        return (after - before) / (double) INSTANCES;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
