//! Properties of the adoption document that hold for any data (proptest over scenarios).

use crate::scenario::{self, Rng, Scenario};
use proptest::prelude::*;
use serde_json::Value;

fn adoption(dir: &std::path::Path, s: &Scenario) -> Value {
    adoption_env(dir, s, &[])
}

fn adoption_env(dir: &std::path::Path, s: &Scenario, env: &[(&str, &str)]) -> Value {
    let mut args = vec!["adoption".to_string(), "--format".into(), "json".into()];
    if let Some(a) = s.as_of {
        args.push("--as-of".into());
        args.push(a.to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = crate::support::praxis_env(dir, &args, env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("json")
}

/// The document without what legitimately depends on the file layout (line numbers, paths).
fn metrics(doc: &Value) -> Value {
    let mut doc = doc.clone();
    for q in doc["data_quality"].as_array_mut().into_iter().flatten() {
        q.as_object_mut().unwrap().remove("files");
        for s in q["skipped"].as_object_mut().unwrap().values_mut() {
            s.as_object_mut().unwrap().remove("lines");
        }
    }
    doc
}

fn csv_run(s: &Scenario, order: &[usize]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    s.write(dir.path(), &scenario::csv_source("../events.csv"));
    std::fs::write(dir.path().join("events.csv"), s.events_csv(order)).unwrap();
    adoption(dir.path(), s)
}

fn check_invariants(doc: &Value) {
    for b in doc["behaviors"].as_array().unwrap() {
        let adopt = b["direction"] == "adopt";
        let mut rows: Vec<&Value> = b["periods"].as_array().unwrap().iter().collect();
        rows.extend(b["latest"].as_object().map(|_| &b["latest"]));
        for p in rows {
            let n = |k: &str| p[k].as_u64().unwrap_or(0);
            let audience = n("audience");
            for k in [
                "adoption",
                "strong_share",
                "strength_median",
                "old_way_share",
                "displacement",
                "expected",
            ] {
                if let Some(x) = p[k].as_f64() {
                    assert!(
                        (0.0..=1.0).contains(&x),
                        "{k} = {x} out of [0,1] in {}",
                        b["id"]
                    );
                }
            }
            assert_eq!(
                p["adoption"].is_null(),
                audience == 0,
                "adoption is null exactly when nobody is in the audience"
            );
            if adopt {
                assert_eq!(
                    n("practicing") + n("trying") + n("lapsed") + n("not_started"),
                    audience,
                    "states partition the audience"
                );
                assert_eq!(
                    n("new") + n("returning") + n("resurrecting"),
                    n("practicing"),
                    "lifecycle partitions the practicing"
                );
                assert!(n("dormant") <= audience - n("practicing"));
            } else {
                assert_eq!(n("practicing") + n("over_limit"), audience);
                assert!(p["trying"].is_null() && p["new"].is_null());
            }
            assert!(n("sticking") <= n("practicing"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn rates_are_shares_and_states_partition_the_audience(seed in any::<u64>()) {
        let s = scenario::generate(seed);
        let order: Vec<usize> = (0..s.events.len()).collect();
        check_invariants(&csv_run(&s, &order));
    }

    #[test]
    fn row_order_does_not_matter(seed in any::<u64>()) {
        let s = scenario::generate(seed);
        let order: Vec<usize> = (0..s.events.len()).collect();
        let mut shuffled = order.clone();
        let mut rng = Rng(seed ^ 0xABCD);
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.below(i as u64 + 1) as usize);
        }
        prop_assert_eq!(metrics(&csv_run(&s, &order)), metrics(&csv_run(&s, &shuffled)));
    }

    #[test]
    fn csv_and_ndjson_of_the_same_events_agree(seed in any::<u64>()) {
        let s = scenario::generate(seed);
        let order: Vec<usize> = (0..s.events.len()).collect();
        let from_csv = csv_run(&s, &order);
        let dir = tempfile::tempdir().unwrap();
        s.write(dir.path(), &scenario::ndjson_source("../events.ndjson"));
        std::fs::write(dir.path().join("events.ndjson"), s.events_ndjson(&order)).unwrap();
        let from_ndjson = adoption(dir.path(), &s);
        prop_assert_eq!(&from_csv["behaviors"], &from_ndjson["behaviors"]);
        prop_assert_eq!(&from_csv["priorities"], &from_ndjson["priorities"]);
        prop_assert_eq!(&from_csv["as_of"], &from_ndjson["as_of"]);
    }

    #[test]
    fn reading_with_two_threads_changes_nothing(seed in any::<u64>()) {
        let s = scenario::generate(seed);
        let order: Vec<usize> = (0..s.events.len()).collect();
        // CSV (cut checked by quote parity) and NDJSON (any line break ends a record).
        for (source, file, text) in [
            (scenario::csv_source("../events.csv"), "events.csv", s.events_csv(&order)),
            (scenario::ndjson_source("../events.ndjson"), "events.ndjson", s.events_ndjson(&order)),
        ] {
            let dir = tempfile::tempdir().unwrap();
            s.write(dir.path(), &source);
            std::fs::write(dir.path().join(file), text).unwrap();
            let one = adoption(dir.path(), &s);
            let two = adoption_env(dir.path(), &s, &[("PRAXIS_PARALLEL_BYTES", "1")]);
            prop_assert_eq!(one, two, "{}: line numbers included", file);
        }
    }

    #[test]
    fn splitting_an_export_into_two_files_changes_nothing(seed in any::<u64>()) {
        let s = scenario::generate(seed);
        let order: Vec<usize> = (0..s.events.len()).collect();
        let whole = csv_run(&s, &order);
        let dir = tempfile::tempdir().unwrap();
        s.write(dir.path(), &scenario::csv_source("../events-*.csv"));
        let half = order.len() / 2;
        std::fs::write(dir.path().join("events-1.csv"), s.events_csv(&order[..half])).unwrap();
        std::fs::write(dir.path().join("events-2.csv"), s.events_csv(&order[half..])).unwrap();
        let split = adoption(dir.path(), &s);
        prop_assert_eq!(&whole["behaviors"], &split["behaviors"]);
        prop_assert_eq!(&whole["priorities"], &split["priorities"]);
        let rows = |d: &Value| d["data_quality"][0]["rows_read"].as_u64();
        prop_assert_eq!(rows(&whole), rows(&split));
    }
}
