package fr.douane.keycloak.it.theme;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes a screenshot as a small PNG for the repository: 256 colours at most (median cut, no
 * dithering, so text edges stay clean and flat areas compress well) and the strongest deflate
 * level. Pages of the DSFR are mostly flat colours; a palette image is about a third of the
 * browser's true-colour PNG.
 */
final class SmallPng {

    private static final int COLOURS = 256;

    private SmallPng() {
    }

    static void write(BufferedImage image, Path file) {
        BufferedImage indexed = indexed(image);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.0f);
            }
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(indexed, null, null), param);
            } finally {
                writer.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage indexed(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        Map<Integer, int[]> counts = new HashMap<>();
        for (int p : pixels) {
            counts.computeIfAbsent(p & 0xFFFFFF, k -> new int[1])[0]++;
        }
        int[] colours = new int[counts.size()];
        int[] weights = new int[counts.size()];
        int n = 0;
        for (Map.Entry<Integer, int[]> e : counts.entrySet()) {
            colours[n] = e.getKey();
            weights[n++] = e.getValue()[0];
        }
        int[] palette = colours.length <= COLOURS ? colours : medianCut(colours, weights);
        Map<Integer, Integer> index = new HashMap<>();
        for (int c : colours) {
            index.put(c, nearest(palette, c));
        }
        byte[] r = new byte[palette.length];
        byte[] g = new byte[palette.length];
        byte[] b = new byte[palette.length];
        for (int i = 0; i < palette.length; i++) {
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
        }
        int bits = palette.length <= 2 ? 1 : palette.length <= 4 ? 2 : palette.length <= 16 ? 4 : 8;
        IndexColorModel model = new IndexColorModel(bits, palette.length, r, g, b);
        BufferedImage out = new BufferedImage(w, h, bits == 8 ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_BYTE_BINARY, model);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.getRaster().setSample(x, y, 0, index.get(pixels[y * w + x] & 0xFFFFFF));
            }
        }
        return out;
    }

    private static int sample(int colour, int c) {
        return (colour >> (16 - 8 * c)) & 0xFF;
    }

    /** A box of colours of the median cut: its widest channel and how wide it is, weighted by how many pixels it holds. */
    private record Box(int[] colours, int[] weights, int channel, int range, long pixels) {

        static Box of(int[] colours, int[] weights) {
            int best = 0;
            int bestRange = -1;
            for (int c = 0; c < 3; c++) {
                int min = 255;
                int max = 0;
                for (int colour : colours) {
                    int v = sample(colour, c);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                if (max - min > bestRange) {
                    bestRange = max - min;
                    best = c;
                }
            }
            long pixels = 0;
            for (int wgt : weights) {
                pixels += wgt;
            }
            return new Box(colours, weights, best, bestRange, pixels);
        }

        double score() {
            return colours.length < 2 ? -1 : (double) range * range * Math.sqrt(pixels);
        }

        Box[] split() {
            Integer[] order = new Integer[colours.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingInt(i -> sample(colours[i], channel)));
            long half = pixels / 2;
            long seen = 0;
            int cut = 1;
            for (int i = 0; i < order.length - 1; i++) {
                seen += weights[order[i]];
                cut = i + 1;
                if (seen >= half) {
                    break;
                }
            }
            return new Box[] {part(order, 0, cut), part(order, cut, order.length)};
        }

        private Box part(Integer[] order, int from, int to) {
            int[] c = new int[to - from];
            int[] w = new int[to - from];
            for (int i = from; i < to; i++) {
                c[i - from] = colours[order[i]];
                w[i - from] = weights[order[i]];
            }
            return of(c, w);
        }

        int average() {
            double[] sum = new double[3];
            for (int i = 0; i < colours.length; i++) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += (double) sample(colours[i], c) * weights[i];
                }
            }
            int rgb = 0;
            for (int c = 0; c < 3; c++) {
                rgb = (rgb << 8) | (int) Math.round(sum[c] / pixels);
            }
            return rgb;
        }
    }

    private static int[] medianCut(int[] colours, int[] weights) {
        List<Box> boxes = new ArrayList<>(List.of(Box.of(colours, weights)));
        while (boxes.size() < COLOURS) {
            Box widest = boxes.stream().max(Comparator.comparingDouble(Box::score)).orElseThrow();
            if (widest.score() < 0) {
                break;
            }
            boxes.remove(widest);
            boxes.addAll(List.of(widest.split()));
        }
        return boxes.stream().mapToInt(Box::average).toArray();
    }

    private static int nearest(int[] palette, int colour) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int d = 0;
            for (int c = 0; c < 3; c++) {
                int diff = sample(palette[i], c) - sample(colour, c);
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }
}
