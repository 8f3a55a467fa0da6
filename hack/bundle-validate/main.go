// Command bundle-validate checks an OLM bundle directory offline, like
//
//	operator-sdk bundle validate <dir> --select-optional suite=operatorframework \
//	  --select-optional name=community --select-optional name=multiarch --optional-values=k8s-version=<v>
//
// operator-sdk itself cannot be fetched here, but the library it runs (github.com/operator-framework/api)
// can. This program runs the same steps with that library:
//   - bundle format (manifests/ and metadata/ dirs, required annotations in metadata/annotations.yaml),
//     as operator-registry's ValidateBundleFormat does;
//   - bundle content: the default validators (BundleValidator, ClusterServiceVersionValidator,
//     CustomResourceDefinitionValidator), registry+v1 supported kinds and object metadata of the other objects;
//   - the optional suites, each finding tagged with its suite: operatorhub (OperatorHubV2Validator,
//     StandardCapabilitiesValidator, StandardCategoriesValidator), good-practices, community (with the bundle
//     image's Dockerfile as index-path), alpha-deprecated-apis once per -k8s-versions entry, and multiarch.
//
// multiarch inspects every image of the CSV with `docker` (or `podman`, when only that is installed):
// `pull` and `manifest inspect`. Without a container tool or a registry it can check only the arch/os labels
// and the node affinity; each image it could not inspect is a warning naming the image.
//
// One difference: the package, channels and default channel from metadata/annotations.yaml are put on the
// bundle before validation (operator-sdk leaves channels empty), so the channel checks see the real values.
//
// Every finding is printed as "ERROR: ..." or "WARNING: ...". Exit code 1 if there is any error, 2 on usage errors.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	apimanifests "github.com/operator-framework/api/pkg/manifests"
	apivalidation "github.com/operator-framework/api/pkg/validation"
	apierrors "github.com/operator-framework/api/pkg/validation/errors"
	interfaces "github.com/operator-framework/api/pkg/validation/interfaces"
	k8svalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation/field"
	k8syaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// Annotation keys and values of the bundle format (operator-registry pkg/lib/bundle).
const (
	manifestsLabel      = "operators.operatorframework.io.bundle.manifests.v1"
	metadataLabel       = "operators.operatorframework.io.bundle.metadata.v1"
	mediatypeLabel      = "operators.operatorframework.io.bundle.mediatype.v1"
	packageLabel        = "operators.operatorframework.io.bundle.package.v1"
	channelsLabel       = "operators.operatorframework.io.bundle.channels.v1"
	channelDefaultLabel = "operators.operatorframework.io.bundle.channel.default.v1"
	registryV1Type      = "registry+v1"
	plainType           = "plain"
)

// Kinds a registry+v1 bundle may contain (operator-registry pkg/lib/bundle/supported_resources.go).
var supportedKinds = map[string]bool{
	"ClusterServiceVersion": true, "CustomResourceDefinition": true, "Secret": true, "ClusterRole": true,
	"ClusterRoleBinding": true, "ConfigMap": true, "ServiceAccount": true, "Service": true, "Role": true,
	"RoleBinding": true, "PrometheusRule": true, "ServiceMonitor": true, "PodDisruptionBudget": true,
	"PriorityClass": true, "VerticalPodAutoscaler": true, "ConsoleYAMLSample": true, "ConsoleQuickStart": true,
	"ConsoleCLIDownload": true, "ConsoleLink": true, "ConsolePlugin": true, "NetworkPolicy": true, "PodMonitor": true,
}

// An optional suite of operator-sdk: its validators and the optional values it hands them.
type suite struct {
	name       string
	validators interfaces.Validators
	values     map[string]string
}

func optionalSuites(k8sVersions []string, dockerfile, containerTool string) []suite {
	newest := k8sVersions[len(k8sVersions)-1]
	suites := []suite{
		{"operatorhub", interfaces.Validators{apivalidation.OperatorHubV2Validator,
			apivalidation.StandardCapabilitiesValidator, apivalidation.StandardCategoriesValidator},
			map[string]string{"k8s-version": newest}},
		{"good-practices", interfaces.Validators{apivalidation.GoodPracticesValidator}, map[string]string{}},
		{"community", interfaces.Validators{apivalidation.CommunityOperatorValidator},
			map[string]string{"index-path": dockerfile}},
		{"multiarch", interfaces.Validators{apivalidation.MultipleArchitecturesValidator},
			map[string]string{"container-tools": containerTool}},
	}
	for _, v := range k8sVersions {
		suites = append(suites, suite{"alpha-deprecated-apis k8s-version=" + v,
			interfaces.Validators{apivalidation.AlphaDeprecatedAPIsValidator}, map[string]string{"k8s-version": v}})
	}
	return suites
}

// containerTool is the tool multiarch inspects images with: docker, else podman, else none (it then tries docker).
func containerTool() string {
	for _, tool := range []string{"docker", "podman"} {
		if _, err := exec.LookPath(tool); err == nil {
			return tool
		}
	}
	return "none"
}

type annotationsFile struct {
	Annotations map[string]string `json:"annotations"`
}

func main() {
	k8sVersions := flag.String("k8s-versions", "1.30,1.34",
		"comma-separated Kubernetes versions the deprecated-API check runs for, oldest first (optional value k8s-version)")
	dockerfile := flag.String("dockerfile", "",
		"the bundle image's Dockerfile, for the community suite (default: bundle.Dockerfile beside <bundle-dir>)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: %s [-k8s-versions 1.30,1.34] [-dockerfile FILE] <bundle-dir>\n", filepath.Base(os.Args[0]))
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if *dockerfile == "" {
		*dockerfile = filepath.Join(filepath.Dir(filepath.Clean(dir)), "bundle.Dockerfile")
	}

	suites := optionalSuites(strings.Split(*k8sVersions, ","), *dockerfile, containerTool())
	results := validate(dir, suites)
	// Several validators report the same finding (e.g. removed APIs); print each line once.
	errs, warns := 0, 0
	seen := map[string]bool{}
	for _, r := range results {
		for _, w := range r.Warnings {
			if line := "WARNING: " + describe(r.Name, w); !seen[line] {
				seen[line] = true
				warns++
				fmt.Println(line)
			}
		}
		for _, e := range r.Errors {
			if line := "ERROR: " + describe(r.Name, e); !seen[line] {
				seen[line] = true
				errs++
				fmt.Println(line)
			}
		}
	}
	names := []string{"default"}
	for _, s := range suites {
		names = append(names, s.name)
	}
	fmt.Printf("suites: %s\n", strings.Join(names, ", "))
	if errs > 0 {
		fmt.Printf("bundle %s: %d error(s), %d warning(s)\n", dir, errs, warns)
		os.Exit(1)
	}
	fmt.Printf("bundle %s: valid (%d warning(s))\n", dir, warns)
}

func describe(name string, e apierrors.Error) string {
	if s, ok := e.BadValue.(string); ok && s == "" {
		e.BadValue = nil // avoids "Value : ..."
	}
	msg := strings.TrimPrefix(strings.TrimPrefix(e.Error(), string(e.Level)+": "), ": ")
	if name != "" {
		return "[" + name + "] " + msg
	}
	return msg
}

func validate(dir string, suites []suite) []apierrors.ManifestResult {
	format := apierrors.ManifestResult{Name: "bundle format"}
	fail := func(detail string) []apierrors.ManifestResult {
		format.Add(apierrors.ErrInvalidBundle(detail, dir))
		return []apierrors.ManifestResult{format}
	}

	if st, err := os.Stat(dir); err != nil {
		return fail(fmt.Sprintf("cannot read bundle directory: %v", err))
	} else if !st.IsDir() {
		return fail("not a directory")
	}
	manifestsDir := filepath.Join(dir, "manifests")
	metadataDir := filepath.Join(dir, "metadata")
	for _, d := range []string{manifestsDir, metadataDir} {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			format.Add(apierrors.ErrInvalidBundle(fmt.Sprintf("unable to locate %s directory", filepath.Base(d)), d))
		}
	}
	if format.HasError() {
		return []apierrors.ManifestResult{format}
	}

	// Bundle format: media type and annotations.
	mediaType, err := mediaTypeOf(manifestsDir)
	if err != nil {
		format.Add(apierrors.ErrInvalidBundle(err.Error(), manifestsDir))
	}
	annotations, err := readAnnotations(metadataDir)
	if err != nil {
		format.Add(apierrors.ErrInvalidBundle(err.Error(), metadataDir))
	} else {
		validateAnnotations(&format, mediaType, annotations)
	}

	bundle, err := apimanifests.GetBundleFromDir(manifestsDir)
	if err != nil {
		format.Add(apierrors.ErrInvalidBundle(fmt.Sprintf("unable to load bundle: %v", err), manifestsDir))
		return []apierrors.ManifestResult{format}
	}
	if annotations != nil {
		if p := annotations[packageLabel]; p != "" {
			bundle.Package = p
		}
		if c := annotations[channelsLabel]; c != "" {
			bundle.Channels = strings.Split(c, ",")
		}
		if d := annotations[channelDefaultLabel]; d != "" {
			bundle.DefaultChannel = d
		}
	}

	// Bundle content, as operator-sdk's ValidateBundleContent.
	content := apierrors.ManifestResult{Name: bundle.Name}
	for _, u := range bundle.Objects {
		gvk := u.GetObjectKind().GroupVersionKind()
		if gvk.Kind == "ClusterServiceVersion" || gvk.Kind == "CustomResourceDefinition" {
			continue
		}
		if mediaType == registryV1Type && !supportedKinds[gvk.Kind] {
			content.Add(apierrors.ErrInvalidBundle(fmt.Sprintf("unsupported kind %s in a %s bundle (%s)", gvk.Kind, mediaType, u.GetName()), gvk))
			continue
		}
		if errs := k8svalidation.ValidateObjectMetaAccessor(metav1.Object(u), false,
			func(string, bool) []string { return nil }, field.NewPath("metadata")); len(errs) > 0 {
			content.Add(apierrors.ErrFailedValidation(fmt.Sprintf("%s %s: %s", gvk.Kind, u.GetName(), errs.ToAggregate()), u.GetName()))
		}
	}
	results := apivalidation.BundleValidator.Validate(bundle)
	if bundle.CSV != nil {
		results = append(results, apivalidation.ClusterServiceVersionValidator.Validate(bundle.CSV)...)
	} else {
		content.Add(apierrors.ErrInvalidBundle("no ClusterServiceVersion in bundle", bundle.Name))
	}
	var crds []interface{}
	for _, crd := range bundle.V1beta1CRDs {
		crds = append(crds, crd)
	}
	for _, crd := range bundle.V1CRDs {
		crds = append(crds, crd)
	}
	if len(crds) > 0 {
		results = append(results, apivalidation.CustomResourceDefinitionValidator.Validate(crds...)...)
	}

	// The optional suites, with the same inputs operator-sdk passes.
	objs := bundle.ObjectsToValidate()
	for _, o := range bundle.Objects {
		objs = append(objs, o)
	}
	for _, s := range suites {
		for _, r := range s.validators.Validate(append(objs[:len(objs):len(objs)], s.values)...) {
			r.Name = s.name + ": " + r.Name
			results = append(results, r)
		}
	}

	return append([]apierrors.ManifestResult{format, content}, results...)
}

// mediaTypeOf mirrors operator-registry's GetMediaType for the types we can tell apart without helm.
func mediaTypeOf(manifestsDir string) (string, error) {
	entries, err := os.ReadDir(manifestsDir)
	if err != nil {
		return "", err
	}
	files := 0
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		files++
		f, err := os.Open(filepath.Join(manifestsDir, e.Name()))
		if err != nil {
			return "", fmt.Errorf("unable to read file %s: %v", e.Name(), err)
		}
		u := &unstructured.Unstructured{}
		decErr := k8syaml.NewYAMLOrJSONDecoder(f, 4096).Decode(u)
		f.Close()
		if decErr == nil && u.GetKind() == "ClusterServiceVersion" {
			return registryV1Type, nil
		}
	}
	if files == 0 {
		return "", fmt.Errorf("the directory %s contains no yaml files", manifestsDir)
	}
	return plainType, nil
}

// readAnnotations returns the annotations of the first file in metadataDir that has an annotations map.
func readAnnotations(metadataDir string) (map[string]string, error) {
	entries, err := os.ReadDir(metadataDir)
	if err != nil {
		return nil, err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(metadataDir, e.Name()))
		if err != nil {
			return nil, err
		}
		var af annotationsFile
		if yaml.Unmarshal(data, &af) == nil && af.Annotations != nil {
			return af.Annotations, nil
		}
	}
	return nil, fmt.Errorf("could not find annotations file (metadata/annotations.yaml)")
}

// validateAnnotations mirrors operator-registry's validateAnnotations.
func validateAnnotations(r *apierrors.ManifestResult, mediaType string, a map[string]string) {
	for _, label := range []string{mediatypeLabel, manifestsLabel, metadataLabel, packageLabel, channelsLabel} {
		if _, ok := a[label]; !ok {
			r.Add(apierrors.ErrInvalidBundle(fmt.Sprintf("missing annotation %q", label), "metadata/annotations.yaml"))
		}
	}
	if v, ok := a[mediatypeLabel]; ok && mediaType != "" && v != mediaType {
		r.Add(apierrors.ErrInvalidBundle(fmt.Sprintf("expecting annotation %q to have value %q instead of %q", mediatypeLabel, mediaType, v), "metadata/annotations.yaml"))
	}
	if v, ok := a[channelsLabel]; ok && v == "" {
		r.Add(apierrors.ErrInvalidBundle(fmt.Sprintf("expecting annotation %q to have non-empty value", channelsLabel), "metadata/annotations.yaml"))
	}
	if v, ok := a[channelDefaultLabel]; ok {
		if v == "" {
			r.Add(apierrors.ErrInvalidBundle(fmt.Sprintf("expecting annotation %q to have non-empty value", channelDefaultLabel), "metadata/annotations.yaml"))
		} else if !contains(strings.Split(a[channelsLabel], ","), v) {
			r.Add(apierrors.ErrInvalidBundle(fmt.Sprintf("default channel %q is not one of the channels %q", v, a[channelsLabel]), "metadata/annotations.yaml"))
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.TrimSpace(x) == s {
			return true
		}
	}
	return false
}
