//! The quote as PDF, read back with `pdftotext` (poppler-utils): the customer-facing content in
//! English and German (umlauts and the euro sign as text), nothing internal, page numbers over
//! several pages.

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{quote_in, Db, Server, FULL};
use configurator_engine::locale::{self, Locale};
use configurator_engine::pricing::PricingContext;
use configurator_engine::quote::Quote;
use configurator_server::document::{render, seller::Seller, Heading};
use serde_json::json;

both!(the_pdf_shows_the_customer_what_they_buy_and_nothing_internal);

/// The text of a PDF, with no-break spaces as spaces; `None` without pdftotext (skipped, or
/// failing under CI).
pub(crate) fn pdf_text(pdf: &[u8]) -> Option<String> {
    let child = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is missing: `cargo xtask setup` installs poppler-utils"
        );
        eprintln!("skipped: pdftotext is not installed (apt-get install poppler-utils)");
        return None;
    };
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext refused the PDF");
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .replace('\u{a0}', " "),
    )
}

fn context(deal: &str) -> PricingContext {
    PricingContext {
        price_book: Some("eur".into()),
        deal: Some(deal.into()),
        ..Default::default()
    }
}

fn money(q: &Quote, m: configurator_engine::Money, l: Locale) -> String {
    locale::money(m, &q.totals.currency, l).replace('\u{a0}', " ")
}

async fn the_pdf_shows_the_customer_what_they_buy_and_nothing_internal(db: Db) {
    let server = Server::start(&db).await;
    let rita = server.client("rita").await;
    let maria = server.client("maria").await;
    let customer = "Müller & Söhne GmbH";
    // Revision 1 needs approval, is rejected with a comment; revision 2 is within limits.
    let first = quote_in(FULL, customer, Some("2099-12-31"), &context("15"));
    let number = rita.save(&first).await;
    rita.post(&format!("/api/quotes/{number}/actions/submit"), json!({}))
        .await;
    let (status, _) = maria
        .post(
            &format!("/api/quotes/{number}/actions/reject"),
            json!({"comment": "Margin too thin for this account"}),
        )
        .await;
    assert_eq!(status, 200);
    let second = quote_in(FULL, customer, Some("2099-12-31"), &context("5"));
    let (status, r) = rita
        .post_text(&format!("/api/quotes/{number}/revisions?base=1"), &second)
        .await;
    assert_eq!(status, 201, "{r}");
    for a in ["submit", "send"] {
        let (status, r) = rita
            .post(&format!("/api/quotes/{number}/actions/{a}"), json!({}))
            .await;
        assert_eq!(status, 200, "{a}: {r}");
    }
    let (old, new) = (
        Quote::from_json(&first).unwrap(),
        Quote::from_json(&second).unwrap(),
    );
    for (l, tag) in [(Locale::En, "en"), (Locale::De, "de")] {
        let response = rita
            .request(
                reqwest::Method::GET,
                &format!("/api/quotes/{number}/quote.pdf?lang={tag}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let Some(text) = pdf_text(&response.bytes().await.unwrap()) else {
            return;
        };
        let valid = l.pick("Dec 31, 2099", "31.12.2099");
        for want in [
            "Northwind Networks GmbH",
            "Musterstraße 1",
            "80331 München",
            customer,
            &number,
            valid,
            l.pick("Revision", "Revision"),
            l.pick("Valid until", "Gültig bis"),
            l.pick("Unit price", "Einzelpreis"),
            l.pick("Payment within 30 days", "Zahlung innerhalb von 30 Tagen"),
            l.pick("Name, date, signature", "Name, Datum, Unterschrift"),
            l.pick("Page 1 of 1", "Seite 1 von 1"),
            l.pick("All amounts in EUR", "Alle Beträge in EUR"),
            "€",
        ] {
            assert!(text.contains(want), "{tag}: `{want}` missing in\n{text}");
        }
        // When it ships once ordered: the longest lead time of its lines.
        assert!(new.lead_days() > 0, "the demo catalog states lead times");
        let ships = match l {
            Locale::En => format!("{} days after the order", new.lead_days()),
            Locale::De => format!("{} Tage nach Bestellung", new.lead_days()),
        };
        assert!(text.contains(&ships), "{tag}: `{ships}` missing in\n{text}");
        assert!(
            text.lines()
                .any(|t| t.contains("Revision") && t.trim_end().ends_with(" 2")),
            "{tag}: revision 2 missing\n{text}"
        );
        for line in &new.lines {
            assert!(text.contains(&line.sku), "{tag}: SKU {} missing", line.sku);
            let net = money(&new, line.net, l);
            assert!(
                text.contains(&net),
                "{tag}: net {net} of {} missing\n{text}",
                line.sku
            );
        }
        for total in [new.totals.one_time, new.totals.contract_value] {
            let t = money(&new, total, l);
            assert!(text.contains(&t), "{tag}: total {t} missing\n{text}");
        }
        // Nothing internal: approvals, the manager's comment, limits, the earlier revision.
        let lower = text.to_lowercase();
        for never in [
            "approv",
            "freigabe",
            "margin too thin",
            "limit",
            "deal",
            "rejected",
            "draft",
        ] {
            assert!(!lower.contains(never), "{tag}: `{never}` in\n{text}");
        }
        let earlier = money(&old, old.totals.contract_value, l);
        assert!(
            !text.contains(&earlier),
            "{tag}: revision 1's total {earlier}"
        );
        for line in old
            .lines
            .iter()
            .filter(|o| new.lines.iter().all(|n| n.net != o.net))
        {
            let net = money(&old, line.net, l);
            assert!(!text.contains(&net), "{tag}: revision 1's net {net}");
        }
    }
    // The customer's link: its PDF in the language the link was sent in.
    let (status, r) = rita
        .post(
            &format!("/api/quotes/{number}/links"),
            json!({"days": 7, "lang": "de"}),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    let token = r["link"]["token"].as_str().unwrap();
    let customer_client = server.anonymous();
    let response = customer_client
        .request(
            reqwest::Method::GET,
            &format!("/api/customer/{token}/quote.pdf"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = pdf_text(&response.bytes().await.unwrap()).unwrap();
    assert!(
        text.contains("Angebot") && text.contains("Gültig bis"),
        "{text}"
    );
    // A wrong token opens nothing; a language the desk does not write is refused.
    let (status, _) = customer_client
        .get(&format!("/api/customer/{}/quote.pdf", "0".repeat(64)))
        .await;
    assert_eq!(status, 404);
    let (status, _) = rita
        .get(&format!("/api/quotes/{number}/quote.pdf?lang=fr"))
        .await;
    assert_eq!(status, 422);
}

#[test]
fn a_long_quote_runs_over_pages_with_their_numbers() {
    let mut quote = Quote::from_json(&common::full_quote("Long Quote AG")).unwrap();
    let lines = quote.lines.clone();
    for k in 0..12 {
        for l in &lines {
            let mut l = l.clone();
            l.line = format!("{}{k}", l.line);
            l.sku = format!("{}-{k}", l.sku);
            quote.lines.push(l);
        }
    }
    let heading = Heading {
        number: "Q-2026-000777".into(),
        revision: 3,
        date: "2026-12-07".into(),
        locale: Locale::De,
    };
    let pdf = render::pdf(&Seller::demo(), &heading, &quote).unwrap();
    // `DESK_PDF_SAMPLE=FILE` keeps the document to look at.
    if let Some(path) = std::env::var_os("DESK_PDF_SAMPLE") {
        std::fs::write(path, &pdf).unwrap();
    }
    let Some(text) = pdf_text(&pdf) else { return };
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 3, "{pages} pages");
    for k in 1..=pages {
        assert!(
            text.contains(&format!("Seite {k} von {pages}")),
            "page {k} of {pages}:\n{text}"
        );
    }
    // The table's header on every page; the last line's SKU on the last page.
    assert_eq!(text.matches("Einzelpreis").count(), pages, "{text}");
    let last = quote.lines.last().unwrap();
    let last_page = text.split('\u{c}').rfind(|p| !p.trim().is_empty()).unwrap();
    assert!(last_page.contains(&last.sku), "{last_page}");
}

/// A 4 × 2 red PNG.
const PNG: [u8; 73] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 240, 202, 234, 52, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 71, 12,
    200, 28, 0, 111, 170, 7, 249, 128, 220, 0, 40, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

#[test]
fn the_sellers_file_gives_name_address_logo_and_terms() {
    let dir = std::env::temp_dir().join(format!("desk-seller-{}", common::random()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("logo.png"), PNG).unwrap();
    let file = dir.join("seller.json");
    let settings = json!({
        "name": "Grüne Weiden AG",
        "address": ["Hauptstraße 5", "1010 Wien"],
        "logo": "logo.png",
        "terms": {"en": "Net ten days.", "de": "Zahlbar in zehn Tagen ohne Abzug."}
    });
    std::fs::write(&file, settings.to_string()).unwrap();
    let seller = Seller::load(Some(&file)).unwrap();
    assert_eq!(seller.logo.as_deref(), Some(&PNG[..]));
    let quote = Quote::from_json(&common::full_quote("ACME")).unwrap();
    let heading = Heading {
        number: "Q-2026-000001".into(),
        revision: 1,
        date: "2026-12-07".into(),
        locale: Locale::De,
    };
    let pdf = render::pdf(&seller, &heading, &quote).unwrap();
    let Some(text) = pdf_text(&pdf) else { return };
    for want in [
        "Grüne Weiden AG",
        "Hauptstraße 5",
        "1010 Wien",
        "Zahlbar in zehn Tagen",
    ] {
        assert!(text.contains(want), "`{want}` missing in\n{text}");
    }
    assert!(!text.contains("Northwind"), "{text}");
    // The logo is in the PDF: pdfimages (poppler-utils) lists one 4 × 2 image.
    let path = dir.join("quote.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let list = Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    let images: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(images.len(), 1, "{list}");
    let columns: Vec<&str> = images[0].split_whitespace().collect();
    assert_eq!((columns[3], columns[4]), ("4", "2"), "{list}");
    // A logo that is not a PNG, or a field the desk does not know, is refused at start.
    std::fs::write(dir.join("logo.png"), b"GIF89a").unwrap();
    assert!(Seller::load(Some(&file)).is_err());
    std::fs::write(&file, json!({"name": "X", "colour": "red"}).to_string()).unwrap();
    assert!(Seller::load(Some(&file)).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}
