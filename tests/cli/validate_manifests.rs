//! `strata validate --manifests`: the checks of the rendered manifests, on real helm output.

use crate::support::{example_workspace, fixture_workspace, helm, Ws};

fn validate(ws: &Ws, args: &[&str]) -> crate::support::Output {
    let mut all = vec!["validate", "--manifests"];
    all.extend_from_slice(args);
    ws.run_with_env(
        &all,
        &[("STRATA_HELM", Some(&helm().display().to_string()))],
    )
}

#[test]
fn the_example_stack_passes() {
    let ws = example_workspace();
    validate(&ws, &[]).assert(0, "6 releases validated: no errors, no warnings\n", "");
}

#[test]
fn one_service_selecting_both_wordpress_and_mysql_is_an_error_naming_both() {
    // The seed's outage: the WordPress Service selected on a label both charts' pods carry,
    // so requests went to the database too.
    let ws = example_workspace();
    let service = ws.root().join("charts/wordpress/templates/service.yaml");
    let text = std::fs::read_to_string(&service).expect("read");
    std::fs::write(
        &service,
        text.replace(
            "    {{- include \"wordpress.selectorLabels\" . | nindent 4 }}",
            "    app.kubernetes.io/part-of: wordpress",
        ),
    )
    .expect("written");
    validate(&ws, &["-s", "staging", "-c", "wordpress"]).assert(
        1,
        "
        staging/wordpress:
        error[manifest/service-selector]: Service/wordpress selects the pods of 2 workloads, StatefulSet/mysql (release mysql) and Deployment/wordpress (release wordpress): requests to it are load-balanced across all of them; its selector app.kubernetes.io/part-of=wordpress needs a label that only one of them has
          --> staging/wordpress.yaml:23:3

        1 release validated: 1 error, 0 warnings
        ",
        "",
    );
}

#[test]
fn each_check_fires_on_real_rendered_output() {
    let ws = fixture_workspace("manifest-checks");
    validate(&ws, &[]).assert(
        1,
        r#"
        prod/shop:
        error[manifest/service-selector]: Service/cart selects no workload: no pod template in namespace prod has the labels app=basket (from `orphanSelector`, environments/prod/shop.yaml:4:17)
          --> prod/shop.yaml:18:3

        warning[manifest/hpa-target]: HorizontalPodAutoscaler/api scales Deployment/api, which no release renders in namespace prod
          --> prod/shop.yaml:48:59

        warning[manifest/resource-requests]: StatefulSet/db: container "db" has no resource requests, which the resources-requests policy asks for in stage prod
          --> prod/shop.yaml:65:17

        error[manifest/ingress-class]: Ingress/web uses ingress class "nginx", which stage prod does not run (kubernetes.ingressClasses: kong) (from `ingress.className`, environments/prod/shop.yaml:2:14)
          --> prod/shop.yaml:74:21

        error[manifest/ingress-backend]: Ingress/web routes to port 8080 of Service/web (release shop), which has ports 80 (http)
          --> prod/shop.yaml:82:31

        error[manifest/ingress-backend]: Ingress/web routes to Service/api, which no release renders in namespace prod
          --> prod/shop.yaml:86:31

        warning[manifest/monitor-target]: PodMonitor/web scrapes port "metrics", which no container of the pods it selects names: Prometheus scrapes nothing
          --> prod/shop.yaml:97:13

        warning[manifest/monitor-target]: ServiceMonitor/web scrapes port "metrics", which the Service it selects does not name (Service/web (release shop)): Prometheus scrapes nothing
          --> prod/shop.yaml:108:13

        warning[manifest/monitor-target]: ServiceMonitor/db selects no Service (labels app=db in namespace prod): Prometheus scrapes nothing
          --> prod/shop.yaml:116:3

        1 release validated: 4 errors, 5 warnings
        "#,
        "",
    );
    // The same findings in the machine formats.
    let json = validate(&ws, &["-o", "json"]);
    assert_eq!(json.code, Some(1));
    assert!(
        json.stdout.contains("\"rule\": \"manifest/ingress-class\""),
        "{}",
        json.stdout
    );
    let github = validate(&ws, &["-o", "github"]);
    assert!(
        github.stdout.contains("::error file=prod/shop.yaml,line=74,col=21,title=manifest/ingress-class::prod/shop: Ingress/web uses ingress class"),
        "{}",
        github.stdout
    );
}

#[test]
fn manifest_findings_join_the_value_findings_of_their_release() {
    let ws = example_workspace();
    let service = ws.root().join("charts/wordpress/templates/service.yaml");
    let text = std::fs::read_to_string(&service).expect("read");
    std::fs::write(
        &service,
        text.replace(
            "    {{- include \"wordpress.selectorLabels\" . | nindent 4 }}",
            "    app.kubernetes.io/part-of: wordpress",
        ),
    )
    .expect("written");
    let overlay = ws.root().join("environments/production/wordpress.yaml");
    let text = std::fs::read_to_string(&overlay).expect("read");
    std::fs::write(&overlay, format!("{text}imgae: x\n")).expect("written");
    let out = validate(&ws, &["-s", "staging", "-s", "production", "-o", "json"]);
    let found: Vec<String> = out
        .stdout
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("\"rule\": \"")
                .or_else(|| l.strip_prefix("\"stage\": \""))
                .map(|v| v.trim_end_matches(['"', ',']).to_string())
        })
        .collect();
    assert_eq!(
        found,
        [
            "manifest/service-selector",
            "staging",
            "unknown-key",
            "production",
            "manifest/service-selector",
            "production"
        ],
        "{}",
        out.stdout
    );
}
