//! The desk serves the app: its page marked as served by a desk, its files readable by
//! partner pages, the API not.

use crate::common;

use std::sync::Arc;

use configurator_server::{Config, Desk};

#[tokio::test]
async fn the_apps_page_says_a_desk_serves_it() {
    let dir = std::env::temp_dir().join(format!("desk-dist-{}", common::random()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<html><head><title>x</title></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(dir.join("app.js"), "export {}").unwrap();
    std::fs::create_dir_all(dir.join("desk")).unwrap();
    let desk_page = "<html><head><title>desk</title></head><body>desk bundle</body></html>";
    std::fs::write(dir.join("desk/index.html"), desk_page).unwrap();
    let config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: common::Db::Sqlite.fresh().await,
        dist: Some(dir),
        catalogs: Some(common::catalogs_dir()),
        secure_cookies: false,
        ..Default::default()
    };
    let desk: Arc<Desk> = Desk::open(&config).await.unwrap();
    let (ready, addr) = tokio::sync::oneshot::channel();
    tokio::spawn(configurator_server::serve(
        config,
        desk,
        ready,
        std::future::pending(),
    ));
    let base = format!("http://{}", addr.await.unwrap());
    for path in ["/", "/index.html"] {
        let page = reqwest::get(format!("{base}{path}")).await.unwrap();
        assert_eq!(page.status(), 200);
        let text = page.text().await.unwrap();
        assert!(
            text.contains("<meta name=\"quote-desk\" content=\"/desk/\" />\n  </head>"),
            "{text}"
        );
    }
    // The buyer's portal is the desk's bundle at its own address (invitations and order
    // messages link there), with the pages' security headers.
    for path in ["/desk/", "/portal/"] {
        let page = reqwest::get(format!("{base}{path}")).await.unwrap();
        assert_eq!(page.status(), 200, "{path}");
        assert!(
            page.headers().contains_key("content-security-policy"),
            "{path}"
        );
        assert_eq!(page.text().await.unwrap(), desk_page, "{path}");
    }
    let js = reqwest::get(format!("{base}/app.js")).await.unwrap();
    assert_eq!(js.headers()["access-control-allow-origin"], "*");
    let catalog = reqwest::get(format!("{base}/catalogs/nx-3400-switch.json"))
        .await
        .unwrap();
    assert_eq!(catalog.status(), 200);
    let lines = reqwest::get(format!("{base}/catalogs/product-lines.json"))
        .await
        .unwrap();
    assert_eq!(lines.status(), 200);
    let lines = lines.text().await.unwrap();
    let lines = configurator_engine::catalog::manifest::Manifest::from_json("served", &lines);
    assert_eq!(lines.unwrap().lines[0].id, "nx-9500");
    let api = reqwest::get(format!("{base}/api/desk")).await.unwrap();
    assert!(api.headers().get("access-control-allow-origin").is_none());
    assert_eq!(api.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn sqlite_is_created_on_first_start_in_wal_mode() {
    let dir = std::env::temp_dir().join(format!("desk-wal-{}", common::random()));
    let url = format!("sqlite://{}/data/desk.sqlite3", dir.display());
    let config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: url,
        dist: None,
        catalogs: None,
        secure_cookies: false,
        ..Default::default()
    };
    let desk = Desk::open(&config).await.unwrap();
    assert!(
        dir.join("data/desk.sqlite3").is_file(),
        "the folder and file are made"
    );
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&desk.db.pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn help_describes_every_flag() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_configurator-server"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--listen",
        "--database",
        "--dist",
        "--catalogs",
        "--dev",
        "--secure-cookies",
        "--public-origin",
        "--embed-origin",
        "--smtp",
        "--mail-from",
        "--mail-retry",
        "--public-url",
        "--seller",
        "--trusted-proxy",
        "user",
    ] {
        assert!(help.contains(flag), "{flag} in:\n{help}");
    }
    assert!(
        help.contains("127.0.0.1:8080") && help.contains("sqlite://data/"),
        "{help}"
    );
}
