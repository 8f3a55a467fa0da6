package io.github.xcluster.manifests;

import java.io.IOException;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The operator's package name and version as the pom states them; the bundle is named after both. */
record ProjectCoordinates(String packageName, String version) {

    static ProjectCoordinates readFrom(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            return new ProjectCoordinates(childText(pom, project, "artifactId"), childText(pom, project, "version"));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new BundleSourceException("cannot read " + pom + ": " + e.getMessage());
        }
    }

    String csvName() {
        return packageName + ".v" + version;
    }

    private static String childText(Path pom, Element project, String name) {
        for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().trim();
            }
        }
        throw new BundleSourceException(pom + " has no <project><" + name + ">");
    }
}
