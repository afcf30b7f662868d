package io.anonkit.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The taglib, the components' {@code PropertyKeys}, {@code faces-config.xml} and the guide's tag reference agree. */
class TaglibTest {
    private static Document read(String resource) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try (InputStream in = TaglibTest.class.getResourceAsStream(resource)) {
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS("*", name).item(0).getTextContent().trim();
    }

    /** Tag name to (component type, attribute names). */
    private static Map<String, Map.Entry<String, Set<String>>> taglib() throws Exception {
        Map<String, Map.Entry<String, Set<String>>> tags = new LinkedHashMap<>();
        NodeList list = read("/META-INF/anonkit.taglib.xml").getElementsByTagNameNS("*", "tag");
        for (int i = 0; i < list.getLength(); i++) {
            Element tag = (Element) list.item(i);
            Set<String> attributes = new TreeSet<>();
            NodeList names = tag.getElementsByTagNameNS("*", "attribute");
            for (int j = 0; j < names.getLength(); j++) {
                attributes.add(text((Element) names.item(j), "name"));
            }
            tags.put(text(tag, "tag-name"), Map.entry(text(tag, "component-type"), attributes));
        }
        return tags;
    }

    @Test
    void everyTagsAttributesAreItsComponentsPropertyKeys() throws Exception {
        Map<String, Map.Entry<String, Set<String>>> tags = taglib();
        assertEquals(Set.of("script", "embed", "initialSelections", "selectField", "appOpenAction"), tags.keySet());
        for (var tag : tags.entrySet()) {
            Class<?> component = Class.forName(tag.getValue().getKey());
            Class<?> keys = Arrays.stream(component.getClasses())
                    .filter(c -> c.getSimpleName().equals("PropertyKeys"))
                    .findFirst()
                    .orElseThrow();
            Set<String> names = Arrays.stream(keys.getEnumConstants())
                    .map(k -> ((Enum<?>) k).name())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(names, tag.getValue().getValue(), "attributes of <q:" + tag.getKey() + ">");
            assertEquals(
                    names,
                    ((DeclaredComponent) component.getDeclaredConstructor().newInstance())
                            .declaredAttributes().stream().collect(Collectors.toCollection(TreeSet::new)),
                    "declared attributes of " + component);
        }
    }

    @Test
    void everyComponentTypeIsDeclaredWithARenderer() throws Exception {
        Document config = read("/META-INF/faces-config.xml");
        Set<String> components = new TreeSet<>();
        NodeList list = config.getElementsByTagNameNS("*", "component-type");
        for (int i = 0; i < list.getLength(); i++) {
            components.add(list.item(i).getTextContent().trim());
        }
        Set<String> renderers = new TreeSet<>();
        list = config.getElementsByTagNameNS("*", "renderer-type");
        for (int i = 0; i < list.getLength(); i++) {
            renderers.add(list.item(i).getTextContent().trim());
        }
        Set<String> types =
                taglib().values().stream().map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(types, components);
        assertEquals(types, renderers);
    }

    @Test
    void theGuidesTagReferenceListsExactlyTheTaglibsAttributes() throws Exception {
        String guide = Files.readString(Path.of("webapp", "guide.html"));
        Matcher table = Pattern.compile("(?s)<table data-tag=\"([^\"]+)\">(.*?)</table>")
                .matcher(guide);
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        while (table.find()) {
            Matcher row = Pattern.compile("<tr><td><code>([^<]+)</code></td><td>[^<]+</td><td>[^<]+</td></tr>")
                    .matcher(table.group(2));
            Set<String> names = new TreeSet<>();
            while (row.find()) {
                names.add(row.group(1));
            }
            documented.put(table.group(1), names);
        }
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        taglib().forEach((tag, entry) -> declared.put(tag, entry.getValue()));
        assertEquals(declared, documented);
    }
}
