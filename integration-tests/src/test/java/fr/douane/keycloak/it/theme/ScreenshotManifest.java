package fr.douane.keycloak.it.theme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code docs/img/screenshots.properties}: for each committed screenshot, the source files it shows
 * (paths or globs relative to the repository root) and a SHA-256 over those files as they were when
 * the image was taken. When the hash of the files today differs, the image is older than what it
 * shows. Written by {@code ScreenshotGalleryIT}, checked by {@code ScreenshotManifestTest}.
 *
 * <p>Format, one pair of keys per image, sorted:
 * <pre>
 * fr-1280-1-connexion.png.shows = themes/.../login/template.ftl, themes/.../login/login.ftl
 * fr-1280-1-connexion.png.sha256 = 3f…
 * </pre>
 * The hash does not depend on the checkout: files are taken in path order, each as its path, a newline,
 * its content with CRLF and CR line ends read as LF, then a NUL byte.
 */
public final class ScreenshotManifest {

    public static final String FILE_NAME = "screenshots.properties";
    /** The command that takes every screenshot again on the running server and writes them into docs/img. */
    public static final String REGENERATE = "./mvnw -B -pl integration-tests -am verify -Dit.test=ScreenshotGalleryIT"
            + " -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Ddouane.screenshots.update=true";

    private static final String SHOWS = ".shows";
    private static final String SHA256 = ".sha256";

    /** One image: the files it shows (as written in the manifest) and the hash recorded when it was taken. */
    public record Entry(String image, List<String> shows, String sha256) {
    }

    private ScreenshotManifest() {
    }

    /** Reads a manifest; a missing file reads as empty. Every image must have both keys. */
    public static Map<String, Entry> read(Path manifest) {
        Map<String, Entry> entries = new TreeMap<>();
        if (!Files.exists(manifest)) {
            return entries;
        }
        Map<String, String> raw = new TreeMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder logical = new StringBuilder();
        for (String line : lines) {
            String part = line.strip();
            if (logical.isEmpty() && (part.isEmpty() || part.startsWith("#"))) {
                continue;
            }
            if (part.endsWith("\\")) {
                logical.append(part, 0, part.length() - 1);
                continue;
            }
            logical.append(part);
            int eq = logical.indexOf("=");
            if (eq < 0) {
                throw new IllegalArgumentException(manifest + ": no '=' in «" + logical + "»");
            }
            raw.put(logical.substring(0, eq).strip(), logical.substring(eq + 1).strip());
            logical.setLength(0);
        }
        for (String key : raw.keySet()) {
            if (key.endsWith(SHOWS)) {
                String image = key.substring(0, key.length() - SHOWS.length());
                String sha = raw.get(image + SHA256);
                if (sha == null) {
                    throw new IllegalArgumentException(manifest + ": " + image + " has no " + image + SHA256);
                }
                List<String> shows = Stream.of(raw.get(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                entries.put(image, new Entry(image, shows, sha));
            } else if (!key.endsWith(SHA256) || !raw.containsKey(key.substring(0, key.length() - SHA256.length()) + SHOWS)) {
                throw new IllegalArgumentException(manifest + ": unexpected key " + key);
            }
        }
        return entries;
    }

    /** Writes the manifest, sorted, one source per line, so that a change reads well in a diff. */
    public static void write(Path manifest, Map<String, Entry> entries) {
        StringBuilder out = new StringBuilder();
        out.append("# Screenshots of docs/img and what they show (paths or globs from the repository root), with a\n")
                .append("# SHA-256 over those files when the image was taken (see ScreenshotManifest). Written by\n")
                .append("# ScreenshotGalleryIT; ScreenshotManifestTest fails when a file shown has changed since. Regenerate:\n")
                .append("# ").append(REGENERATE).append('\n');
        for (Entry e : new TreeMap<>(entries).values()) {
            out.append('\n').append(e.image()).append(SHOWS).append(" = ");
            out.append(String.join(", \\\n    ", e.shows()));
            out.append('\n').append(e.image()).append(SHA256).append(" = ").append(e.sha256()).append('\n');
        }
        try {
            Files.createDirectories(manifest.getParent());
            Files.writeString(manifest, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files a list of paths and globs names under {@code root}, each pattern naming at least one. */
    public static List<Path> files(Path root, List<String> patterns) {
        TreeSet<String> found = new TreeSet<>();
        for (String pattern : patterns) {
            List<String> matched = matches(root, pattern);
            if (matched.isEmpty()) {
                throw new IllegalStateException("no file matches «" + pattern + "» under " + root);
            }
            found.addAll(matched);
        }
        List<Path> files = new ArrayList<>();
        found.forEach(f -> files.add(root.resolve(f)));
        return files;
    }

    private static List<String> matches(Path root, String pattern) {
        if (pattern.startsWith("/") || pattern.contains("\\") || pattern.contains("..")) {
            throw new IllegalArgumentException("«" + pattern + "»: a path relative to the repository root, with /");
        }
        int wild = indexOfAny(pattern, "*?[{");
        if (wild < 0) {
            return Files.isRegularFile(root.resolve(pattern)) ? List.of(pattern) : List.of();
        }
        int slash = pattern.lastIndexOf('/', wild);
        Path base = slash < 0 ? root : root.resolve(pattern.substring(0, slash));
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(rel -> matcher.matches(Path.of(rel)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** SHA-256 (hex) over the files the patterns name, independent of line ends and of the order of the patterns. */
    public static String sha256(Path root, List<String> patterns) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files(root, patterns)) {
                digest.update(root.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
                digest.update(normalizedLineEnds(Files.readAllBytes(file)));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] normalizedLineEnds(byte[] content) {
        byte[] out = new byte[content.length];
        int n = 0;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r') {
                out[n++] = '\n';
                if (i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
            } else {
                out[n++] = b;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
