package io.github.xcluster.sim;

import io.github.xcluster.sim.SimModel.Image;
import io.github.xcluster.sim.SimModel.Partition;
import io.github.xcluster.sim.SimModel.Project;
import io.github.xcluster.sim.SimModel.Size;
import io.github.xcluster.sim.SimModel.SizeImageConstraint;
import io.github.xcluster.sim.SimRequests.ImageFind;
import io.github.xcluster.sim.SimRequests.ProjectFind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulated metal-api only reads once it is seeded: partitions, projects (masterdata), sizes, images and
 * size-image constraints, with metal-api's lookups and image version resolution.
 */
final class SimCatalog {
    private final Map<String, Partition> partitions = new LinkedHashMap<>();
    private final Map<String, Project> projects = new LinkedHashMap<>();
    private final Map<String, Size> sizes = new LinkedHashMap<>();
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final List<SizeImageConstraint> constraints = new ArrayList<>();

    synchronized void addPartition(Partition partition) {
        partitions.put(partition.id(), partition);
    }

    synchronized void addProject(Project project) {
        projects.put(project.id(), project);
    }

    synchronized void addSize(Size size) {
        sizes.put(size.id(), size);
    }

    synchronized void addImage(Image image) {
        images.put(image.id(), image);
    }

    synchronized void addConstraint(SizeImageConstraint constraint) {
        constraints.add(constraint);
    }

    synchronized List<Partition> partitions() {
        return List.copyOf(partitions.values());
    }

    synchronized Partition partition(String id) {
        return SimError.existing(partitions, "partition", id);
    }

    synchronized Project project(String id) {
        return SimError.existing(projects, "project", id);
    }

    synchronized List<Project> findProjects(ProjectFind find) {
        return projects.values().stream()
                .filter(p -> find.id() == null || find.id().equals(p.id()))
                .filter(p -> find.name() == null || find.name().equals(p.name()))
                .filter(p -> find.description() == null || find.description().equals(p.description()))
                .filter(p -> find.tenantId() == null || find.tenantId().equals(p.tenantId()))
                .toList();
    }

    synchronized List<Size> sizes() {
        return List.copyOf(sizes.values());
    }

    synchronized Size size(String id) {
        return SimError.existing(sizes, "size", id);
    }

    synchronized Image image(String id) {
        return SimError.existing(images, "image", id);
    }

    /** Resolves an id or shorthand to the highest matching version, as allocation does. */
    synchronized Image latestImage(String id) {
        int dash = id.lastIndexOf('-');
        Semver wanted = dash < 0 ? null : Semver.parse(id.substring(dash + 1));
        if (wanted == null) {
            throw SimError.unprocessable(
                    "image:" + id + " does not contain a version; expected <os>-<major>.<minor>[.<patch>]");
        }
        String os = id.substring(0, dash);
        return images.values().stream()
                .filter(image -> image.os().equals(os) && image.version().matchedBy(wanted))
                .max(Comparator.comparing(Image::version))
                .orElseThrow(() -> SimError.notFound("no image for id:" + id + " found"));
    }

    synchronized List<Image> findImages(ImageFind find) {
        return images.values().stream()
                .filter(i -> find.id() == null || find.id().equals(i.id()))
                .filter(i -> find.name() == null || find.name().equals(i.name()))
                .filter(i -> find.os() == null || find.os().equals(i.os()))
                .filter(i -> find.version() == null
                        || find.version().equals(i.version().toString()))
                .filter(i ->
                        find.classification() == null || find.classification().equals(i.classification()))
                .filter(i -> find.features() == null || i.features().containsAll(find.features()))
                .toList();
    }

    /** The size-image constraint check that allocation also runs. */
    synchronized void checkSizeImage(String sizeId, String imageId) {
        size(sizeId);
        Image image = latestImage(imageId);
        for (SizeImageConstraint constraint : constraints) {
            if (constraint.sizeId().equals(sizeId) && constraint.os().equals(image.os())) {
                Semver minimum =
                        Semver.parse(constraint.constraint().replace(">=", "").trim());
                if (minimum != null && image.version().compareTo(minimum) < 0) {
                    throw SimError.unprocessable("given size:"
                            + sizeId
                            + " with image:"
                            + image.id()
                            + " does violate image constraint:"
                            + image.os()
                            + " "
                            + constraint.constraint());
                }
            }
        }
    }

    synchronized boolean hasPartition(String id) {
        return partitions.containsKey(id);
    }

    synchronized boolean hasSize(String id) {
        return sizes.containsKey(id);
    }
}
