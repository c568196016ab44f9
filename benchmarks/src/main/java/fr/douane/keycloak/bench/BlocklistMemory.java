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
 * Retained heap of the loaded lists, ours (exact) versus the stock Bloom filter built from the same common list
 * file, measured two ways outside JMH:
 * <ul>
 *   <li>jol's object-graph walk ({@code GraphLayout.parseInstance(x).totalSize()}): exact for this JVM's layout;</li>
 *   <li>used-heap delta after GC over {@value #INSTANCES} live instances, divided by the count: a cross-check
 *       that needs no agent (the stock one also holds its name and Path).</li>
 * </ul>
 */
final class BlocklistMemory {

    static final int INSTANCES = 20;

    final long commonJol;
    final long frenchJol;
    final long stockBloomJol;
    final double commonHeapDelta;
    final double stockHeapDelta;
    final long commonWords;
    final long frenchWords;

    private BlocklistMemory(long commonJol, long frenchJol, long stockBloomJol, double commonHeapDelta,
                            double stockHeapDelta, long commonWords, long frenchWords) {
        this.commonJol = commonJol;
        this.frenchJol = frenchJol;
        this.stockBloomJol = stockBloomJol;
        this.commonHeapDelta = commonHeapDelta;
        this.stockHeapDelta = stockHeapDelta;
        this.commonWords = commonWords;
        this.frenchWords = frenchWords;
    }

    static BlocklistMemory measure(Path wordListDir) throws Exception {
        String name = PolicyFixture.WordList.FILE_NAME;
        double fpp = DenylistPasswordPolicyProviderFactory.DEFAULT_FALSE_POSITIVE_PROBABILITY;
        long checkMillis = DenylistPasswordPolicyProviderFactory.DEFAULT_CHECK_INTERVAL_SECONDS * 1000L;

        DouaneBlocklist common = DouaneBlocklist.shipped(false);
        DouaneBlocklist withFrench = DouaneBlocklist.shipped(true);
        FileBasedPasswordDenylist stock = new FileBasedPasswordDenylist(wordListDir, name, fpp, checkMillis);

        long commonJol = GraphLayout.parseInstance(common).totalSize();
        long frenchJol = GraphLayout.parseInstance(withFrench).totalSize();
        long bloomJol = GraphLayout.parseInstance(bloomOf(stock)).totalSize();

        double commonDelta = heapPerInstance(() -> DouaneBlocklist.shipped(false));
        double stockDelta = heapPerInstance(() -> new FileBasedPasswordDenylist(wordListDir, name, fpp, checkMillis));
        return new BlocklistMemory(commonJol, frenchJol, bloomJol, commonDelta, stockDelta, common.size(),
                withFrench.size() - common.size());
    }

    private static Object bloomOf(FileBasedPasswordDenylist list) throws ReflectiveOperationException {
        Field f = FileBasedPasswordDenylist.class.getDeclaredField("denylist");
        f.setAccessible(true);
        return f.get(list);
    }

    private static double heapPerInstance(Supplier<Object> make) throws InterruptedException {
        // Warm the code paths and the class loading once, outside the measurement.
        for (int i = 0; i < 3; i++) {
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
