// certmanager-issue issues a Certificate the way cert-manager v1.21.2's self-signed issuer does, with
// cert-manager's own code, and writes what cert-manager would put into the Certificate's Secret.
//
// It follows cert-manager's controllers step by step: a private key for spec.privateKey (the issuing
// controller), a CSR from the Certificate (the requestmanager controller, with v1.21.2's default feature
// gates), a CertificateRequest carrying duration, isCA and usages, and the self-signed issuer's Sign:
// template from the CertificateRequest, the Issuer's CRL distribution points, signed with the template as
// its own parent. The key is encoded as spec.privateKey.encoding says, as the Secret holds it.
//
// Usage: certmanager-issue -manifests rendered.yaml -out dir [-certificate name]
// Writes dir/tls.crt, dir/tls.key and dir/ca.crt.
package main

import (
	"bufio"
	"bytes"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	cmapi "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	"github.com/cert-manager/cert-manager/pkg/util/pki"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// emptyDNMessage is the text of the BadConfig event cert-manager's self-signed issuer records.
const emptyDNMessage = "Certificate will be issued with an empty Issuer DN, which contravenes RFC 5280 and could break some strict clients"

func main() {
	manifests := flag.String("manifests", "", "YAML stream holding the Certificate and its Issuer (e.g. kubectl kustomize config/default)")
	out := flag.String("out", "", "directory to write tls.crt, tls.key and ca.crt into")
	name := flag.String("certificate", "", "name of the Certificate to issue; needed when the stream holds several")
	flag.Parse()
	if *manifests == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: certmanager-issue -manifests rendered.yaml -out dir [-certificate name]")
		os.Exit(2)
	}
	if err := run(*manifests, *out, *name); err != nil {
		fmt.Fprintln(os.Stderr, "certmanager-issue: ERROR:", err)
		os.Exit(1)
	}
}

func run(manifests, out, name string) error {
	stream, err := os.ReadFile(manifests)
	if err != nil {
		return err
	}
	crt, issuer, err := certificateAndIssuer(stream, name)
	if err != nil {
		return fmt.Errorf("%s: %w", manifests, err)
	}
	secret, err := issue(crt, issuer)
	if err != nil {
		return fmt.Errorf("certificate %s/%s: %w", crt.Namespace, crt.Name, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for file, data := range secret {
		if err := os.WriteFile(filepath.Join(out, file), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}

type object struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

// certificateAndIssuer finds the Certificate (the only one, or the named one) and the Issuer its
// issuerRef names in the same namespace.
func certificateAndIssuer(stream []byte, name string) (*cmapi.Certificate, *cmapi.Issuer, error) {
	var certificates []*cmapi.Certificate
	issuers := map[string]*cmapi.Issuer{}
	decoder := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(stream)))
	for {
		doc, err := decoder.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		var head object
		if err := yaml.Unmarshal(doc, &head); err != nil {
			return nil, nil, err
		}
		if head.APIVersion != cmapi.SchemeGroupVersion.String() {
			continue
		}
		switch head.Kind {
		case cmapi.CertificateKind:
			crt := &cmapi.Certificate{}
			if err := yaml.UnmarshalStrict(doc, crt); err != nil {
				return nil, nil, err
			}
			if name == "" || crt.Name == name {
				certificates = append(certificates, crt)
			}
		case cmapi.IssuerKind:
			issuer := &cmapi.Issuer{}
			if err := yaml.UnmarshalStrict(doc, issuer); err != nil {
				return nil, nil, err
			}
			issuers[issuer.Namespace+"/"+issuer.Name] = issuer
		}
	}
	if len(certificates) != 1 {
		wanted := "one Certificate (name one with -certificate)"
		if name != "" {
			wanted = fmt.Sprintf("one Certificate named %q", name)
		}
		return nil, nil, fmt.Errorf("want %s in the YAML stream, found %d", wanted, len(certificates))
	}
	crt := certificates[0]
	if crt.Spec.IssuerRef.Kind != cmapi.IssuerKind {
		return nil, nil, fmt.Errorf("certificate %s names a %s; only a namespaced Issuer is supported", crt.Name, crt.Spec.IssuerRef.Kind)
	}
	issuer, found := issuers[crt.Namespace+"/"+crt.Spec.IssuerRef.Name]
	if !found {
		return nil, nil, fmt.Errorf("certificate %s names the Issuer %s/%s, which is not in the stream", crt.Name, crt.Namespace, crt.Spec.IssuerRef.Name)
	}
	if issuer.Spec.SelfSigned == nil {
		return nil, nil, fmt.Errorf("issuer %s is not self-signed", issuer.Name)
	}
	return crt, issuer, nil
}

// issue returns the Secret's data: tls.crt, tls.key and ca.crt.
func issue(crt *cmapi.Certificate, issuer *cmapi.Issuer) (map[string][]byte, error) {
	pk, err := pki.GeneratePrivateKeyForCertificate(crt)
	if err != nil {
		return nil, err
	}
	// v1.21.2's defaults (internal/controller/feature/features.go): LiteralCertificateSubject, NameConstraints
	// and OtherNames on, UseCertificateRequestBasicConstraints off.
	csr, err := pki.GenerateCSR(crt,
		pki.WithUseLiteralSubject(true),
		pki.WithEncodeBasicConstraintsInRequest(false),
		pki.WithNameConstraints(true),
		pki.WithOtherNames(true),
	)
	if err != nil {
		return nil, err
	}
	csrDER, err := pki.EncodeCSR(csr, pk)
	if err != nil {
		return nil, err
	}
	request := &cmapi.CertificateRequest{Spec: cmapi.CertificateRequestSpec{
		Duration:  crt.Spec.Duration,
		IssuerRef: crt.Spec.IssuerRef,
		Request:   pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csrDER}),
		IsCA:      crt.Spec.IsCA,
		Usages:    crt.Spec.Usages,
	}}

	template, err := pki.CertificateTemplateFromCertificateRequest(request)
	if err != nil {
		return nil, err
	}
	template.CRLDistributionPoints = issuer.Spec.SelfSigned.CRLDistributionPoints
	if template.Subject.String() == "" {
		fmt.Fprintln(os.Stderr, "certmanager-issue: WARNING: BadConfig:", emptyDNMessage)
	}
	publicKey, err := pki.PublicKeyForPrivateKey(pk)
	if err != nil {
		return nil, err
	}
	if equal, err := pki.PublicKeysEqual(publicKey, template.PublicKey); err != nil || !equal {
		return nil, fmt.Errorf("CSR not signed by the generated private key (%v)", err)
	}
	certPEM, _, err := pki.SignCertificate(template, template, publicKey, pk)
	if err != nil {
		return nil, err
	}

	var encoding cmapi.PrivateKeyEncoding
	if crt.Spec.PrivateKey != nil {
		encoding = crt.Spec.PrivateKey.Encoding
	}
	keyPEM, err := pki.EncodePrivateKey(pk, encoding)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{"tls.crt": certPEM, "tls.key": keyPEM, "ca.crt": certPEM}, nil
}
