//! The `brownfield` command end to end: output formats, exit codes, stdin,
//! partial results merged by `brownfield merge`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn bf(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brownfield"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run brownfield");
    if let Some(data) = stdin {
        // The command may exit before reading all of stdin (a bad line in
        // strict mode stops the query): a closed pipe is not a failure.
        if let Err(e) = child.stdin.take().unwrap().write_all(data) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const LOG: &[u8] = b"{\"status\":200,\"ms\":10,\"path\":\"/a\"}\n{\"status\":500,\"ms\":30,\"path\":\"/b\"}\n{\"status\":200,\"ms\":20,\"path\":\"/a\"}\n";

#[test]
fn table_json_and_csv_from_stdin() {
    let out = bf(
        &["stats", "-", "--by", "status", "--agg", "count,mean:ms"],
        Some(LOG),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.lines().next().unwrap().starts_with("status"), "{t}");
    assert_eq!(
        t.lines()
            .nth(2)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["200", "2", "15"],
        "{t}"
    );
    assert!(t.contains("3 lines read"), "{t}");
    let out = bf(
        &[
            "stats",
            "-",
            "--by",
            "status",
            "--agg",
            "count",
            "--output",
            "json",
            "--order-by=-status",
        ],
        Some(LOG),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{"status": 500, "count": 1}, {"status": 200, "count": 2}])
    );
    let out = bf(
        &[
            "stats", "-", "--by", "path", "--agg", "sum:ms", "--output", "csv",
        ],
        Some(LOG),
    );
    assert_eq!(text(&out.stdout), "path,sum:ms\n/a,30\n/b,30\n");
}

#[test]
fn exit_codes() {
    let bad = [LOG, b"{oops\n"].concat();
    let out = bf(&["stats", "-", "--by", "status"], Some(&bad));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("line 4"),
        "{}",
        text(&out.stderr)
    );
    let out = bf(
        &["stats", "-", "--by", "status", "--skip-bad-lines"],
        Some(&bad),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("skipped 1 of 4"),
        "{}",
        text(&out.stderr)
    );
    let out = bf(&["stats", "-", "--where", "status >>"], Some(LOG));
    assert_eq!(out.status.code(), Some(2));
    let out = bf(&["stats", "/nonexistent/file.log"], None);
    assert_eq!(out.status.code(), Some(3));
    let out = bf(&["stats", "-", "--format", "xml"], Some(LOG));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown format"));
}

#[test]
fn help_has_examples() {
    let out = bf(&["stats", "--help"], None);
    assert!(out.status.success());
    let t = text(&out.stdout);
    assert!(t.contains("Examples:") && t.contains("--agg"), "{t}");
}

#[test]
fn partials_merge() {
    let dir = std::env::temp_dir().join(format!("bf-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.json"), dir.join("b.json"));
    let args = |p: &std::path::Path| {
        vec![
            "stats".to_string(),
            "-".into(),
            "--by".into(),
            "path".into(),
            "--agg".into(),
            "count,p50:ms".into(),
            "--partial".into(),
            p.display().to_string(),
        ]
    };
    let out = bf(
        &args(&a).iter().map(String::as_str).collect::<Vec<_>>(),
        Some(LOG),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = bf(
        &args(&b).iter().map(String::as_str).collect::<Vec<_>>(),
        Some(b"{\"ms\":50,\"path\":\"/a\"}\n"),
    );
    assert!(out.status.success());
    let out = bf(
        &[
            "merge",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--output",
            "csv",
        ],
        None,
    );
    assert_eq!(
        text(&out.stdout),
        "path,count,p50:ms\n/a,3,20\n/b,1,30\n",
        "{}",
        text(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
