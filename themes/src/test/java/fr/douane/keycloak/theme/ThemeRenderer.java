package fr.douane.keycloak.theme;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;

/**
 * Renders the theme's templates the way Keycloak 26.7.3 does (DefaultFreeMarkerProvider: FreeMarker
 * 2.3.32 settings, HTML output format for *.ftl, no class resolution from templates; messages read
 * as UTF-8 and formatted by java.text.MessageFormat like MessageFormatterMethod).
 */
final class ThemeRenderer {

    static final Path THEME_ROOT = Path.of("src/main/resources/theme/douane");

    private final Path root;
    private final String type;

    ThemeRenderer(String type) {
        this.type = type;
        this.root = THEME_ROOT.resolve(type);
    }

    static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    Properties messages(String lang) {
        return load(root.resolve("messages/messages_" + lang + ".properties"));
    }

    /** Keycloak's base messages overridden by ours, as the theme chain does at run time. */
    Properties messagesWithParent(String lang) {
        Properties all = new Properties();
        String base = "theme/base/" + type + "/messages/messages_" + lang + ".properties";
        try (var in = ThemeRenderer.class.getClassLoader().getResourceAsStream(base)) {
            if (in != null) {
                all.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        all.putAll(messages(lang));
        return all;
    }

    /**
     * The theme properties as Keycloak hands them to templates: {@code ${env.NAME:default}} replaced (here always by
     * its default, so that a variable set on the build machine cannot change what the tests see).
     */
    Properties themeProperties() {
        Properties p = load(root.resolve("theme.properties"));
        for (String name : p.stringPropertyNames()) {
            p.setProperty(name, ENV_DEFAULT.matcher(p.getProperty(name)).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(2))));
        }
        return p;
    }

    private static final java.util.regex.Pattern ENV_DEFAULT = java.util.regex.Pattern.compile("\\$\\{env\\.([A-Za-z0-9_]+):([^}]*)}");

    /**
     * The msg(...) method of Keycloak: key lookup, then MessageFormat with the other arguments, as
     * the oldest Keycloak the pack supports passes them: strings as strings, numbers still wrapped
     * in FreeMarker's model (Keycloak 26.4's MessageFormatterMethod does not unwrap them; 26.5 does).
     * A template that gives a number to a {@code {0,choice,…}} pattern fails here as it would fail
     * there.
     */
    static TemplateMethodModelEx msg(Properties messages, Locale locale) {
        return args -> {
            if (args.isEmpty()) {
                return null;
            }
            List<Object> params = new ArrayList<>();
            for (Object a : args.subList(1, args.size())) {
                params.add(unwrap(a));
            }
            String key = String.valueOf(unwrap(args.get(0)));
            String pattern = messages.getProperty(key, key);
            return new MessageFormat(pattern, locale).format(params.toArray());
        };
    }

    private static Object unwrap(Object o) throws TemplateModelException {
        if (o instanceof TemplateScalarModel s) {
            return s.getAsString();
        }
        return o;
    }

    /** Base data every page or mail gets: msg, properties, locale-dependent bits. */
    Map<String, Object> baseModel(String lang) {
        Map<String, Object> model = new HashMap<>();
        Locale locale = Locale.forLanguageTag(lang);
        model.put("msg", msg(messagesWithParent(lang), locale));
        model.put("properties", themeProperties());
        return model;
    }

    String render(String templateName, Map<String, Object> model) {
        try {
            Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);
            if (templateName.toLowerCase(Locale.ROOT).endsWith(".ftl")) {
                cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
            }
            cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
            // Our theme first, then Keycloak's base theme (parent=base), like Keycloak's theme chain.
            cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {
                    new FileTemplateLoader(root.toFile()),
                    new ClassTemplateLoader(ThemeRenderer.class.getClassLoader(), "theme/base/" + type)}));
            cfg.setDefaultEncoding("UTF-8");
            Template t = cfg.getTemplate(templateName, "UTF-8");
            StringWriter out = new StringWriter();
            t.process(model, out);
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("Failed to render " + type + "/" + templateName, e);
        }
    }
}
