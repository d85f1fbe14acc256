// sdkgen: the Python and Go SDKs of a Pulumi package schema, written with the code generators of
// github.com/pulumi/pulumi/pkg/v3/codegen, which `pulumi package gen-sdk` reaches through the
// pulumi-language-python and pulumi-language-go hosts. Used by scripts/gen-sdks.sh when those hosts
// are not installed (the Go module proxy does not serve them).
//
// Usage: sdkgen SCHEMA.json OUTDIR   (writes OUTDIR/python and OUTDIR/go)
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noOtherPackages is the loader of a schema that refers to no other package: asking for one is an error.
type noOtherPackages struct{}

func (noOtherPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q, which sdkgen cannot load", pkg)
}

func (l noOtherPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, nil)
}

func (l noOtherPackages) LoadPackageReference(pkg string, v *semver.Version) (schema.PackageReference, error) {
	_, err := l.LoadPackage(pkg, v)
	return nil, err
}

func (l noOtherPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "sdkgen: "+format+"\n", args...)
	os.Exit(1)
}

func write(dir string, files map[string][]byte) {
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fail("%v", err)
		}
		if err := os.WriteFile(path, body, 0o644); err != nil {
			fail("%v", err)
		}
	}
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: sdkgen SCHEMA.json OUTDIR")
	}
	text, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		fail("%s: %v", os.Args[1], err)
	}
	bind := func() *schema.Package {
		pkg, diags, err := schema.BindSpec(spec, noOtherPackages{}, schema.ValidationOptions{})
		if err != nil {
			fail("%v", err)
		}
		if diags.HasErrors() {
			fail("the schema does not bind: %v", diags)
		}
		return pkg
	}
	py, err := python.GeneratePackage("pulumi-linstor sdkgen", bind(), nil, noOtherPackages{})
	if err != nil {
		fail("python: %v", err)
	}
	write(filepath.Join(os.Args[2], "python"), py)
	golang, err := gogen.GeneratePackage("pulumi-linstor sdkgen", bind(), nil)
	if err != nil {
		fail("go: %v", err)
	}
	write(filepath.Join(os.Args[2], "go"), golang)
}
