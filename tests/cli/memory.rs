//! Peak memory of a large overlay read with the size cap raised: the whole run of `render`
//! must stay within a bounded multiple of the overlay's size. Measured on the child process
//! itself (`wait4`'s resource usage), so tests running beside it do not count.

use std::process::{Command, Stdio};

use crate::support::{chart_yaml, Ws};

/// One section of the generated overlay: nested maps, a list of maps, strings, numbers and
/// booleans, the shape of a real chart's values.
const SECTION: &str = "
  enabled: true
  replicaCount: 3
  image:
    repository: registry.example.com/team/service
    tag: v1.2.3
    pullPolicy: IfNotPresent
  resources:
    requests:
      cpu: 100m
      memory: 128Mi
    limits:
      cpu: 500m
      memory: 512Mi
  env:
    - name: LOG_LEVEL
      value: info
    - name: FEATURE_FLAG
      value: \"on\"
  podAnnotations:
    prometheus.io/scrape: \"true\"
    prometheus.io/port: \"9090\"
  service:
    type: ClusterIP
    port: 8080
";

/// Returns an overlay of about `bytes` bytes: `SECTION` under keys `s0`, `s1`, ...
fn large_overlay(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + SECTION.len() + 16);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!("s{i}:{SECTION}"));
        i += 1;
    }
    text
}

/// Runs `strata args` in `ws` with its output discarded; returns whether it exited 0 and
/// its peak resident memory in bytes.
#[cfg(target_os = "linux")]
// The child is waited for with `wait4`, which also gives its resource usage.
#[allow(clippy::zombie_processes)]
fn run_measured(ws: &Ws, args: &[&str]) -> (bool, u64) {
    let child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .current_dir(ws.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("strata starts");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits pid_t");
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for; both pointers are to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 on the child");
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // Linux reports `ru_maxrss` in kilobytes.
    let peak = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
    (ok, peak)
}

/// A values tree held one 144-byte node per value and was copied five times while the
/// overlay was layered: this overlay (a small value a line) took 70 times its size, a 50 MB
/// one of real chart values 2.5 GB. `render` now moves the overlay's tree into the result,
/// maps are shared until changed and have no hash index while small, keys and short strings
/// are held inline and a node is 64 bytes; `validate` computes Helm 4's values from the same
/// trees and shows a finding's line from the top-level entry holding it. Either run takes
/// about 11 times the overlay's size (13 in a debug build), the output and the input
/// included; `validate` took 86 times.
#[cfg(target_os = "linux")]
#[test]
fn a_large_overlay_renders_and_validates_within_a_bounded_multiple_of_its_size() {
    let overlay = large_overlay(6 << 20);
    let size = overlay.len() as u64;
    let ws = Ws::new()
        .file(
            "strata.yaml",
            "stages: [dev]\nlimits:\n  maxFileBytes: 67108864\n  maxNodes: 20000000\n",
        )
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "a: 1\n")
        .file("environments/dev/web.yaml", overlay);
    for (args, exits_zero) in [
        (&["render", "-o", "json"][..], true),
        (&["validate"][..], false),
    ] {
        let (ok, peak) = run_measured(&ws, args);
        // Every section is an unknown key of chart `web`: `validate` fails, as it should.
        assert_eq!(ok, exits_zero, "strata {args:?} on a {size}-byte overlay");
        assert!(
            peak < 16 * size,
            "strata {args:?}: peak memory {peak} bytes for a {size}-byte overlay ({}×)",
            peak / size
        );
    }
}

/// A packaged chart's values.yaml is unpacked once and lent to the reader; it was copied
/// out of the archive first, so a gzip bomb under a raised cap took twice what it unpacks to
/// (2.1 GB for 1 GiB of zeros in a 1 MB `.tgz`). Here 64 MiB of zeros (64 KB packed) are
/// refused as not text, at a peak of about once their size.
#[cfg(target_os = "linux")]
#[test]
fn a_packaged_values_file_is_unpacked_once_and_not_copied() {
    let size: u64 = 64 << 20;
    let zeros = "\0".repeat(size as usize);
    let chart = crate::support::tgz(&[
        (
            "web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 0.1.0\n",
        ),
        ("web/values.yaml", &zeros),
    ]);
    let ws = Ws::new()
        .file(
            "strata.yaml",
            "stages: [dev]\nlimits:\n  maxFileBytes: 134217728\n",
        )
        .file("charts/web-0.1.0.tgz", chart)
        .file("environments/dev/web.yaml", "a: 1\n");
    let (ok, peak) = run_measured(&ws, &["render"]);
    assert!(!ok, "64 MiB of zeros are not a values file");
    assert!(
        peak < size * 3 / 2,
        "peak memory {peak} bytes for a values.yaml of {size} bytes ({}×)",
        peak as f64 / size as f64
    );
}
