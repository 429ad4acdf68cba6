//! A large synthetic city for benchmarks (`cargo bench`): a seed folder with thousands of
//! directory entries and a store with many cases and hand-offs.
//!
//! Everything is made up from word lists in this file by a seeded PRNG of our own
//! (splitmix64), so the same seed gives the same city on every machine. Place names are
//! the city's own (they are not personal data); people's names are random pairings of
//! common surnames and given names, phone numbers are in the unused 000 range, and no
//! address goes further than a 丁目. Nothing here is a fact about the real city: the
//! synthetic entries' `source` is "synthetic", and this module is never used by the app.
//!
//! The real seed (compiled into the binary) is kept whole, and synthetic sections,
//! programs and sites are appended to it, so rules, districts and meetings still refer to
//! real entries and the folder passes `tsunagu seed check`.

use crate::domain::{
    Case, CaseNote, Channel, Consent, Directory, Handoff, HandoffStatus, Intake, Person, Personal, Relation,
    StatusChange, case_number, fiscal_year,
};
use crate::seed::EMBEDDED;
use crate::store::{Store, StoreError};
use chrono::{Duration, NaiveDate};
use std::fmt::Write as _;
use std::path::Path;

/// Directory entries (programs + sites + sections + meetings) of the large city.
pub const LARGE_ENTRIES: usize = 10_000;
/// Cases in the large city's store.
pub const LARGE_CASES: usize = 100_000;

/// splitmix64: small, fast, and good enough to make varied text; not for cryptography.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

/// (kanji, reading) pairs.
type Word = (&'static str, &'static str);

const AREAS: &[Word] = &[
    ("豊岡", "とよおか"),
    ("東町", "あずまちょう"),
    ("扇町屋", "おうぎまちや"),
    ("黒須", "くろす"),
    ("高倉", "たかくら"),
    ("野田", "のだ"),
    ("新久", "あらく"),
    ("仏子", "ぶし"),
    ("狭山台", "さやまだい"),
    ("東金子", "ひがしかねこ"),
    ("金子", "かねこ"),
    ("宮寺", "みやでら"),
    ("二本木", "にほんぎ"),
    ("藤沢", "ふじさわ"),
    ("東藤沢", "ひがしふじさわ"),
    ("下藤沢", "しもふじさわ"),
    ("西武", "せいぶ"),
    ("小谷田", "こやた"),
    ("根岸", "ねぎし"),
    ("春日町", "かすがちょう"),
    ("鍵山", "かぎやま"),
    ("河原町", "かわらちょう"),
    ("向陽台", "こうようだい"),
    ("中神", "なかがみ"),
    ("寺竹", "てらたけ"),
    ("牛沢町", "うしざわちょう"),
    ("上藤沢", "かみふじさわ"),
    ("久保稲荷", "くぼいなり"),
    ("新光", "しんこう"),
    ("下谷ケ貫", "しもやがぬき"),
];

const QUARTERS: &[Word] = &[
    ("", ""),
    ("東", "ひがし"),
    ("西", "にし"),
    ("南", "みなみ"),
    ("北", "きた"),
    ("中央", "ちゅうおう"),
    ("第二", "だいに"),
    ("第三", "だいさん"),
    ("駅前", "えきまえ"),
    ("一丁目", "いっちょうめ"),
    ("二丁目", "にちょうめ"),
    ("三丁目", "さんちょうめ"),
];

const NICKNAMES: &[Word] = &[
    ("", ""),
    ("", ""),
    ("さくら", "さくら"),
    ("ひまわり", "ひまわり"),
    ("あおば", "あおば"),
    ("みどり", "みどり"),
    ("つばさ", "つばさ"),
    ("なごみ", "なごみ"),
    ("スマイル", "すまいる"),
    ("こもれび", "こもれび"),
    ("わかば", "わかば"),
    ("ほほえみ", "ほほえみ"),
    ("あかり", "あかり"),
    ("のぞみ", "のぞみ"),
    ("ひだまり", "ひだまり"),
    ("たんぽぽ", "たんぽぽ"),
    ("けやき", "けやき"),
    ("虹の", "にじの"),
    ("茶の花", "ちゃのはな"),
    ("陽だまり", "ひだまり"),
];

/// A kind of site: name, reading, keywords, role, location.
struct SiteKind {
    name: Word,
    keywords: &'static [&'static str],
    role: Option<&'static str>,
    location: Option<&'static str>,
}

const SITE_KINDS: &[SiteKind] = &[
    SiteKind {
        name: ("地域包括支援センター", "ちいきほうかつしえんせんたー"),
        keywords: &["介護", "高齢者", "かいご", "認知症"],
        role: Some("第2層"),
        location: None,
    },
    SiteKind {
        name: ("子育て支援センター", "こそだてしえんせんたー"),
        keywords: &["子育て", "育児", "こそだて", "乳幼児"],
        role: Some("基本型"),
        location: Some("保育所併設"),
    },
    SiteKind {
        name: ("放課後児童クラブ", "ほうかごじどうくらぶ"),
        keywords: &["学童", "放課後", "がくどう"],
        role: None,
        location: Some("小学校敷地内"),
    },
    SiteKind {
        name: ("公民館", "こうみんかん"),
        keywords: &["居場所", "講座", "交流"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("地区センター", "ちくせんたー"),
        keywords: &["窓口", "地区", "相談"],
        role: Some("第1層"),
        location: None,
    },
    SiteKind {
        name: ("老人福祉センター", "ろうじんふくしせんたー"),
        keywords: &["高齢者", "サロン", "こうれいしゃ"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("児童館", "じどうかん"),
        keywords: &["子ども", "居場所", "こども"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("保育所", "ほいくしょ"),
        keywords: &["保育", "ほいく", "入所"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("相談支援事業所", "そうだんしえんじぎょうしょ"),
        keywords: &["障害", "しょうがい", "計画相談"],
        role: Some("指定特定相談支援"),
        location: None,
    },
    SiteKind {
        name: ("就労継続支援事業所", "しゅうろうけいぞくしえんじぎょうしょ"),
        keywords: &["就労", "しゅうろう", "障害"],
        role: Some("B型"),
        location: None,
    },
    SiteKind {
        name: ("訪問看護ステーション", "ほうもんかんごすてーしょん"),
        keywords: &["看護", "訪問", "医療"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("居宅介護支援事業所", "きょたくかいごしえんじぎょうしょ"),
        keywords: &["ケアマネ", "介護", "かいご"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("子ども食堂", "こどもしょくどう"),
        keywords: &["食事", "居場所", "こども食堂"],
        role: Some("団体支援"),
        location: Some("公民館調理室"),
    },
    SiteKind {
        name: ("ふれあいサロン", "ふれあいさろん"),
        keywords: &["サロン", "交流", "孤立"],
        role: Some("団体支援"),
        location: Some("自治会館"),
    },
    SiteKind {
        name: ("介護予防教室", "かいごよぼうきょうしつ"),
        keywords: &["介護予防", "体操", "かいごよぼう"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("フードパントリー", "ふーどぱんとりー"),
        keywords: &["食料", "生活困窮", "フードバンク"],
        role: Some("団体支援"),
        location: None,
    },
    SiteKind {
        name: ("民生委員児童委員協議会", "みんせいいいんじどういいんきょうぎかい"),
        keywords: &["民生委員", "見守り", "みんせいいいん"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("社会福祉協議会支部", "しゃかいふくしきょうぎかいしぶ"),
        keywords: &["社協", "ボランティア", "しゃきょう"],
        role: Some("第2層"),
        location: None,
    },
    SiteKind {
        name: ("診療所", "しんりょうじょ"),
        keywords: &["医療", "受診", "かかりつけ"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("若者サポートステーション", "わかものさぽーとすてーしょん"),
        keywords: &["ひきこもり", "就労", "若者"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("居場所カフェ", "いばしょかふぇ"),
        keywords: &["ひきこもり", "居場所", "カフェ"],
        role: Some("参加支援"),
        location: None,
    },
    SiteKind {
        name: ("日本語教室", "にほんごきょうしつ"),
        keywords: &["外国人", "多言語", "日本語"],
        role: None,
        location: Some("国際交流コーナー"),
    },
    SiteKind {
        name: ("認知症カフェ", "にんちしょうかふぇ"),
        keywords: &["認知症", "にんちしょう", "介護者"],
        role: None,
        location: None,
    },
    SiteKind {
        name: ("自立相談支援窓口", "じりつそうだんしえんまどぐち"),
        keywords: &["生活困窮", "家計", "せいかつこんきゅう"],
        role: None,
        location: Some("市役所庁舎内"),
    },
];

/// A program theme: name part, keywords, target, duties.
struct Theme {
    name: Word,
    keywords: &'static [&'static str],
    target: &'static str,
    duties: &'static [&'static str],
}

const THEMES: &[Theme] = &[
    Theme {
        name: ("介護予防", "かいごよぼう"),
        keywords: &["介護予防", "かいごよぼう", "体操", "フレイル"],
        target: "65歳以上の高齢者",
        duties: &[
            "介護予防教室の開催",
            "体力測定と結果に応じた助言",
            "自主グループの立ち上げ支援",
        ],
    },
    Theme {
        name: ("認知症支援", "にんちしょうしえん"),
        keywords: &["認知症", "にんちしょう", "物忘れ", "介護者"],
        target: "認知症の人とその家族",
        duties: &[
            "認知症カフェの運営",
            "初期集中支援チームによる訪問",
            "家族介護者の交流会",
        ],
    },
    Theme {
        name: ("見守り", "みまもり"),
        keywords: &["見守り", "みまもり", "孤立", "安否確認"],
        target: "一人暮らしの高齢者及び高齢者のみの世帯",
        duties: &[
            "協力事業者による見守り",
            "安否確認の訪問",
            "異変時の関係機関への連絡",
        ],
    },
    Theme {
        name: ("配食サービス", "はいしょくさーびす"),
        keywords: &["配食", "食事", "はいしょく"],
        target: "調理が困難な高齢者及び障がいのある人",
        duties: &["栄養に配慮した食事の配達", "配達時の安否確認"],
    },
    Theme {
        name: ("ひきこもり支援", "ひきこもりしえん"),
        keywords: &["ひきこもり", "引きこもり", "不登校", "居場所"],
        target: "ひきこもりの状態にある人とその家族",
        duties: &[
            "家族教室の開催",
            "アウトリーチによる継続的な訪問",
            "居場所の提供と社会参加の支援",
        ],
    },
    Theme {
        name: ("生活困窮者自立支援", "せいかつこんきゅうしゃじりつしえん"),
        keywords: &["生活困窮", "せいかつこんきゅう", "家計", "住居確保"],
        target: "経済的に困窮し最低限度の生活を維持できなくなるおそれのある人",
        duties: &[
            "自立相談支援と支援プランの作成",
            "住居確保給付金の支給",
            "家計改善の助言",
        ],
    },
    Theme {
        name: ("家計改善", "かけいかいぜん"),
        keywords: &["家計", "借金", "かけい", "滞納"],
        target: "家計の管理に課題を抱える世帯",
        duties: &["家計表の作成支援", "滞納の解消に向けた助言", "貸付のあっせん"],
    },
    Theme {
        name: ("就労準備", "しゅうろうじゅんび"),
        keywords: &["就労", "しゅうろう", "仕事", "職業体験"],
        target: "直ちに一般就労が難しい人",
        duties: &[
            "生活習慣の改善に向けた支援",
            "職業体験の実施",
            "ハローワークへの同行",
        ],
    },
    Theme {
        name: ("子育て相談", "こそだてそうだん"),
        keywords: &["子育て", "育児", "こそだて", "いくじ"],
        target: "就学前の子どもとその保護者",
        duties: &["子育てに関する相談", "親子の交流の場の提供", "子育て情報の提供"],
    },
    Theme {
        name: ("産後ケア", "さんごけあ"),
        keywords: &["産後", "妊娠", "出産", "さんご"],
        target: "出産後1年未満の母親と乳児",
        duties: &["助産師による訪問", "日帰り型の休養支援", "授乳の相談"],
    },
    Theme {
        name: ("不登校支援", "ふとうこうしえん"),
        keywords: &["不登校", "ふとうこう", "学校", "教育相談"],
        target: "学校に行きづらさを感じている児童生徒とその保護者",
        duties: &["教育相談", "適応指導教室の運営", "学校との連絡調整"],
    },
    Theme {
        name: ("ヤングケアラー支援", "やんぐけあらーしえん"),
        keywords: &["ヤングケアラー", "やんぐけあらー", "介護", "家事"],
        target: "家族の世話を日常的に担っている子ども・若者",
        duties: &[
            "学校を通じた早期把握",
            "家事支援サービスの調整",
            "同じ立場の人との交流",
        ],
    },
    Theme {
        name: ("外国人相談", "がいこくじんそうだん"),
        keywords: &["外国人", "多言語", "通訳", "がいこくじん"],
        target: "市内に住む外国人住民",
        duties: &["多言語による生活相談", "通訳の派遣", "行政手続きの案内"],
    },
    Theme {
        name: ("成年後見", "せいねんこうけん"),
        keywords: &["成年後見", "後見", "せいねんこうけん", "権利擁護"],
        target: "判断能力が十分でない人とその家族",
        duties: &["成年後見制度の利用相談", "市長申立ての支援", "後見人の支援"],
    },
    Theme {
        name: ("DV相談", "でぃーぶいそうだん"),
        keywords: &["DV", "暴力", "配偶者", "避難"],
        target: "配偶者等からの暴力に悩む人",
        duties: &[
            "相談と安全確保の支援",
            "関係機関との連携による避難支援",
            "自立に向けた支援",
        ],
    },
    Theme {
        name: ("障害者就労", "しょうがいしゃしゅうろう"),
        keywords: &["障害", "就労", "しょうがい", "職場定着"],
        target: "障がいのある人",
        duties: &["就労に関する相談", "職場定着の支援", "事業所との連絡調整"],
    },
    Theme {
        name: ("こころの健康", "こころのけんこう"),
        keywords: &["こころ", "精神", "うつ", "メンタル"],
        target: "こころの不調を抱える人とその家族",
        duties: &["保健師による相談", "精神科医による相談会", "家族教室"],
    },
    Theme {
        name: ("自殺対策", "じさつたいさく"),
        keywords: &["自殺", "いのち", "ゲートキーパー"],
        target: "市民全般",
        duties: &["ゲートキーパーの養成", "相談窓口の周知", "関係機関の連携会議"],
    },
    Theme {
        name: ("住まい支援", "すまいしえん"),
        keywords: &["住まい", "住居", "すまい", "入居"],
        target: "住宅の確保に配慮が必要な人",
        duties: &["入居に関する相談", "不動産事業者との連携", "入居後の見守り"],
    },
    Theme {
        name: ("地域食堂", "ちいきしょくどう"),
        keywords: &["食堂", "子ども食堂", "居場所", "食事"],
        target: "地域の子どもから高齢者まで",
        duties: &["食事の提供", "多世代の交流", "支援が必要な世帯の把握"],
    },
    Theme {
        name: ("多世代交流", "たせだいこうりゅう"),
        keywords: &["交流", "居場所", "こうりゅう", "地域づくり"],
        target: "地域住民",
        duties: &["交流イベントの開催", "地域の担い手の育成", "活動団体への助言"],
    },
    Theme {
        name: ("移動支援", "いどうしえん"),
        keywords: &["移動", "外出", "通院", "買い物"],
        target: "外出が困難な高齢者及び障がいのある人",
        duties: &["通院や買い物の付き添い", "地域の移送サービスの調整"],
    },
    Theme {
        name: ("学習支援", "がくしゅうしえん"),
        keywords: &["学習", "勉強", "進学", "がくしゅう"],
        target: "生活困窮世帯等の小学生・中学生・高校生",
        duties: &["学習教室の開催", "進学に関する相談", "保護者への助言"],
    },
    Theme {
        name: ("孤立防止", "こりつぼうし"),
        keywords: &["孤立", "孤独", "こりつ", "見守り"],
        target: "社会的に孤立している人",
        duties: &["訪問による状況把握", "地域の活動への参加支援", "つながりづくり"],
    },
    Theme {
        name: ("高齢者虐待防止", "こうれいしゃぎゃくたいぼうし"),
        keywords: &["虐待", "高齢者虐待", "ぎゃくたい"],
        target: "高齢者とその養護者",
        duties: &[
            "通報の受理と事実確認",
            "養護者への支援",
            "関係機関のネットワーク運営",
        ],
    },
    Theme {
        name: ("児童虐待防止", "じどうぎゃくたいぼうし"),
        keywords: &["虐待", "児童虐待", "子ども", "要保護児童"],
        target: "子どもとその家庭",
        duties: &[
            "通告の受理と安全確認",
            "要保護児童対策地域協議会の運営",
            "家庭への継続支援",
        ],
    },
];

const PROGRAM_KINDS: &[Word] = &[
    ("事業", "じぎょう"),
    ("推進事業", "すいしんじぎょう"),
    ("支援事業", "しえんじぎょう"),
    ("ネットワーク事業", "ねっとわーくじぎょう"),
];

const SERVICE_KINDS: &[Word] = &[
    ("相談窓口", "そうだんまどぐち"),
    ("教室", "きょうしつ"),
    ("サロン", "さろん"),
    ("ネットワーク", "ねっとわーく"),
    ("訪問", "ほうもん"),
    ("センター", "せんたー"),
    ("プロジェクト", "ぷろじぇくと"),
];

const GENERAL_DUTIES: &[&str] = &[
    "関係機関と連携した個別支援",
    "電話・来所による相談の受付",
    "情報提供と助言",
    "地域の担い手の育成",
    "定期的な見守り活動",
    "支援会議への参加",
    "活動の記録と年次報告",
];

const MODES: &[&str] = &["直営", "委託", "補助", "一部委託"];
const AREA_TEXTS: &[&str] = &["市内全域", "日常生活圏域", "地区ごと", "中学校区"];

const SECTION_PARTS: &[Word] = &[
    ("地域福祉", "ちいきふくし"),
    ("健康づくり", "けんこうづくり"),
    ("子ども家庭", "こどもかてい"),
    ("生活福祉", "せいかつふくし"),
    ("障害福祉", "しょうがいふくし"),
    ("介護保険", "かいごほけん"),
    ("保険年金", "ほけんねんきん"),
    ("市民相談", "しみんそうだん"),
    ("国際交流", "こくさいこうりゅう"),
    ("教育支援", "きょういくしえん"),
    ("青少年育成", "せいしょうねんいくせい"),
    ("住宅政策", "じゅうたくせいさく"),
    ("危機管理", "ききかんり"),
    ("人権推進", "じんけんすいしん"),
    ("男女共同参画", "だんじょきょうどうさんかく"),
    ("保育幼稚園", "ほいくようちえん"),
    ("生涯学習", "しょうがいがくしゅう"),
    ("市民協働", "しみんきょうどう"),
    ("自治振興", "じちしんこう"),
    ("包括ケア推進", "ほうかつけあすいしん"),
];

const SECTION_SUFFIXES: &[Word] = &[("課", "か"), ("推進室", "すいしんしつ")];

const GROUPS: &[&str] = &["consultation", "community", "new"];

/// What `write_seed` wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeedCounts {
    pub sections: usize,
    pub programs: usize,
    pub sites: usize,
    pub meetings: usize,
    pub bytes: u64,
}

impl SeedCounts {
    /// Directory entries the search indexes.
    pub fn entries(&self) -> usize {
        self.sections + self.programs + self.sites + self.meetings
    }
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Write a seed folder holding the real seed plus synthetic sections, programs and sites,
/// `entries` directory entries in all (at least the real seed's). Deterministic in `seed`.
pub fn write_seed(dir: &Path, entries: usize, seed: u64) -> std::io::Result<SeedCounts> {
    let real = crate::seed::load_embedded()
        .map_err(|e| std::io::Error::other(e.to_string()))?
        .directory;
    let real_entries = real.sections.len() + real.programs.len() + real.sites.len() + real.meetings.len();
    let extra = entries.saturating_sub(real_entries);
    let extra_sections = (SECTION_PARTS.len() * SECTION_SUFFIXES.len()).min(extra / 100);
    let extra_programs = (extra - extra_sections) / 5;
    let extra_sites = extra - extra_sections - extra_programs;
    let mut rng = Rng::new(seed);

    std::fs::create_dir_all(dir)?;
    let mut counts = SeedCounts {
        meetings: real.meetings.len(),
        ..Default::default()
    };
    for (name, text) in EMBEDDED {
        let mut text = text.to_string();
        text.push_str("\n# ---- synthetic entries for benchmarks (not the plan) ----\n");
        match *name {
            "sections.toml" => {
                counts.sections = real.sections.len() + extra_sections;
                for i in 0..extra_sections {
                    let part = SECTION_PARTS[i % SECTION_PARTS.len()];
                    let suffix = SECTION_SUFFIXES[i / SECTION_PARTS.len()];
                    let _ = write!(
                        text,
                        "\n[[section]]\nid = \"syn_sec_{i:03}\"\nname = {}\nreading = {}\nkeywords = {}\nsource = \"synthetic\"\n",
                        q(&format!("{}{}", part.0, suffix.0)),
                        q(&format!("{}{}", part.1, suffix.1)),
                        list(&[part.0.to_string(), part.1.to_string()]),
                    );
                }
            }
            "programs.toml" => {
                counts.programs = real.programs.len() + extra_programs;
                let sections: Vec<String> = real
                    .sections
                    .iter()
                    .map(|s| s.id.clone())
                    .chain((0..extra_sections).map(|i| format!("syn_sec_{i:03}")))
                    .collect();
                for i in 0..extra_programs {
                    program_toml(&mut text, &mut rng, i, &sections);
                }
            }
            "sites.toml" => {
                counts.sites = real.sites.len() + extra_sites;
                for i in 0..extra_sites {
                    site_toml(&mut text, &mut rng, i, extra_programs, &real);
                }
            }
            _ => {}
        }
        counts.bytes += text.len() as u64;
        std::fs::write(dir.join(name), text)?;
    }
    Ok(counts)
}

fn program_toml(out: &mut String, rng: &mut Rng, i: usize, sections: &[String]) {
    let theme = rng.pick(THEMES);
    let area = *rng.pick(AREAS);
    let kind = *rng.pick(PROGRAM_KINDS);
    let svc = *rng.pick(SERVICE_KINDS);
    let whole_city = rng.chance(30);
    let (place, place_r) = if whole_city {
        ("入間市", "いるまし")
    } else {
        (area.0, area.1)
    };
    let name = format!("{place}{}{}", theme.name.0, kind.0);
    let reading = format!("{place_r}{}{}", theme.name.1, kind.1);
    let service = format!("{place}{}{}", theme.name.0, svc.0);
    let service_reading = format!("{place_r}{}{}", theme.name.1, svc.1);
    let mut secs = vec![rng.pick(sections).clone()];
    if rng.chance(30) {
        let s = rng.pick(sections).clone();
        if !secs.contains(&s) {
            secs.push(s);
        }
    }
    let mut duties: Vec<&str> = theme.duties.to_vec();
    duties.truncate(1 + rng.below(theme.duties.len()));
    duties.push(rng.pick_str(GENERAL_DUTIES));
    let mut keywords: Vec<String> = theme.keywords.iter().map(|k| k.to_string()).collect();
    if !whole_city {
        keywords.push(area.0.to_string());
        keywords.push(area.1.to_string());
    }
    let _ = write!(
        out,
        "\n[[program]]\nid = \"syn_prog_{i:05}\"\nname = {}\nreading = {}\nservice = {}\nservice_reading = {}\n\
         group = {}\nsections = {}\ntarget = {}\nmode = {}\narea = {}\nduties = {}\nstatus = {}\nkeywords = {}\n\
         source = \"synthetic\"\n",
        q(&name),
        q(&reading),
        q(&service),
        q(&service_reading),
        q(rng.pick_str(GROUPS)),
        list(&secs),
        q(&format!(
            "{}{}",
            if whole_city { "" } else { "地区内の" },
            theme.target
        )),
        q(rng.pick_str(MODES)),
        q(if whole_city {
            "市内全域"
        } else {
            rng.pick_str(AREA_TEXTS)
        }),
        q(&duties.join("、")),
        q(if rng.chance(80) { "existing" } else { "new" }),
        list(&keywords),
    );
}

fn site_toml(out: &mut String, rng: &mut Rng, i: usize, programs: usize, real: &Directory) {
    let kind = rng.pick(SITE_KINDS);
    let nick = *rng.pick(NICKNAMES);
    let area = *rng.pick(AREAS);
    let quarter = *rng.pick(QUARTERS);
    let name = format!("{}{} ({}{})", nick.0, kind.name.0, area.0, quarter.0);
    let reading = format!("{}{}{}{}", nick.1, kind.name.1, area.1, quarter.1);
    let mut progs = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let p = if programs == 0 || rng.chance(5) {
            rng.pick(&real.programs).id.clone()
        } else {
            format!("syn_prog_{:05}", rng.below(programs))
        };
        if !progs.contains(&p) {
            progs.push(p);
        }
    }
    let _ = write!(
        out,
        "\n[[site]]\nid = \"syn_site_{i:05}\"\nname = {}\nreading = {}\nprograms = {}\n",
        q(&name),
        q(&reading),
        list(&progs)
    );
    if let Some(role) = kind.role {
        let _ = writeln!(out, "roles = {}", list(&[role.to_string()]));
    }
    if let Some(loc) = kind.location {
        let _ = writeln!(out, "location = {}", q(loc));
    }
    let _ = writeln!(out, "area = {}", q(&format!("{}{}", area.0, quarter.0)));
    if rng.chance(15) {
        let _ = writeln!(out, "note = {}", q("開所日は月・水・金。予約制。"));
    }
    let _ = write!(
        out,
        "keywords = {}\nsource = \"synthetic\"\n",
        list(&kind.keywords.iter().map(|k| k.to_string()).collect::<Vec<_>>())
    );
}

/// One line per directory entry (name, reading, keywords), in index order: what a
/// line-oriented finder such as fzf gets to filter.
pub fn entry_lines(dir: &Directory) -> Vec<String> {
    let mut out = Vec::new();
    for p in &dir.programs {
        out.push(format!(
            "{} {} {} {} {}",
            p.service,
            p.name,
            p.service_reading,
            p.reading,
            p.keywords.join(" ")
        ));
    }
    for s in &dir.sites {
        out.push(format!("{} {} {}", s.name, s.reading, s.keywords.join(" ")));
    }
    for s in &dir.sections {
        out.push(format!("{} {} {}", s.name, s.reading, s.keywords.join(" ")));
    }
    for m in &dir.meetings {
        out.push(format!("{} {} {}", m.name, m.reading, m.keywords.join(" ")));
    }
    out
}

const SURNAMES: &[Word] = &[
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("田中", "たなか"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("山本", "やまもと"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
    ("吉田", "よしだ"),
    ("山田", "やまだ"),
    ("佐々木", "ささき"),
    ("山口", "やまぐち"),
    ("松本", "まつもと"),
    ("井上", "いのうえ"),
    ("木村", "きむら"),
    ("林", "はやし"),
    ("斎藤", "さいとう"),
    ("清水", "しみず"),
];

const GIVEN_NAMES: &[Word] = &[
    ("太郎", "たろう"),
    ("花子", "はなこ"),
    ("一郎", "いちろう"),
    ("美咲", "みさき"),
    ("健太", "けんた"),
    ("陽子", "ようこ"),
    ("翔", "しょう"),
    ("結衣", "ゆい"),
    ("誠", "まこと"),
    ("恵子", "けいこ"),
    ("大輔", "だいすけ"),
    ("直美", "なおみ"),
    ("蓮", "れん"),
    ("葵", "あおい"),
    ("和子", "かずこ"),
    ("勇", "いさむ"),
];

const SITUATIONS: &[&str] = &[
    "最近物忘れが増え、火の不始末が心配",
    "長く仕事をしておらず、ほとんど外出しない",
    "家賃と光熱費の滞納が続いている",
    "子どもが学校に行けない日が増えている",
    "夜泣きが続き、保護者が眠れていない",
    "通院の付き添いが難しくなった",
    "配偶者からの暴言があり、家を出ることを考えている",
    "日本語での手続きが分からず困っている",
    "親の介護のため仕事を辞めた",
    "近所付き合いがなく、話し相手がいない",
    "障害福祉サービスの利用を考えている",
    "借金の返済が苦しい",
];

const NEXT_STEPS: &[&str] = &[
    "次回は家族と来所予定。",
    "来週、電話で状況を確認する。",
    "関係課に情報提供の同意を得た。",
    "本人は相談に消極的。見守りを続ける。",
    "訪問の日程を調整中。",
    "",
];

const DESKS: &[&str] = &[
    "総合相談支援室",
    "東金子地区センター",
    "藤沢地区センター",
    "西武地区センター",
];
const STAFF: &[&str] = &["受付一郎", "相談花子", "窓口次郎", "支援三郎"];

fn relation_label(r: Relation) -> &'static str {
    r.label_ja()
}

/// One synthetic case received on `date` (number from `fy` and `seq`).
pub fn case(rng: &mut Rng, dir: &Directory, fy: i32, seq: u32, date: NaiveDate) -> Case {
    let minutes = 8 * 60 + 30 + rng.below(8 * 60 + 30);
    let received_at = format!("{date}T{:02}:{:02}:00+09:00", minutes / 60, minutes % 60);
    let concern = |rng: &mut Rng| -> String {
        if dir.concerns.is_empty() {
            "not_sure".into()
        } else {
            rng.pick(&dir.concerns).id.clone()
        }
    };
    let mut people = vec![Person {
        relation: Relation::Myself,
        age: Some(rng.below(95) as u8 + 1).filter(|_| rng.chance(90)),
        concerns: (0..1 + rng.below(2)).map(|_| concern(rng)).collect(),
    }];
    for _ in 0..rng.below(3) {
        let relation = *rng.pick(&Relation::ALL[1..]);
        people.push(Person {
            relation,
            age: Some(rng.below(95) as u8 + 1),
            concerns: (0..rng.below(2)).map(|_| concern(rng)).collect(),
        });
    }
    let who = relation_label(people.last().map(|p| p.relation).unwrap_or_default());
    let note = format!(
        "{who}について。{}。{}",
        rng.pick(SITUATIONS),
        rng.pick(NEXT_STEPS)
    );
    let anonymous = rng.chance(20);
    let sur = *rng.pick(SURNAMES);
    let given = *rng.pick(GIVEN_NAMES);
    let area = *rng.pick(AREAS);
    let personal = if anonymous {
        Personal::default()
    } else {
        Personal {
            name: Some(format!("{} {}", sur.0, given.0)),
            kana: Some(format!("{} {}", sur.1, given.1)),
            phone: Some(format!("000-0000-{:04}", rng.below(10_000))).filter(|_| rng.chance(70)),
            address: Some(format!("入間市{}{}丁目", area.0, 1 + rng.below(5))).filter(|_| rng.chance(60)),
        }
    };
    let dv = people.iter().any(|p| p.concerns.iter().any(|c| c == "dv"));
    let staff = rng.pick(STAFF).to_string();
    let notes = (0..rng.below(3))
        .map(|k| CaseNote {
            at: format!("{}T10:{:02}:00+09:00", date + Duration::days(k as i64 + 1), k),
            by: staff.clone(),
            text: rng.pick(NEXT_STEPS).to_string(),
        })
        .collect();
    Case {
        number: case_number(fy, seq),
        fiscal_year: fy,
        seq,
        received_at,
        desk: rng.pick(DESKS).to_string(),
        staff: Some(staff),
        intake: Intake {
            channel: *rng.pick(&Channel::ALL),
            district: (!dir.districts.is_empty() && rng.chance(85))
                .then(|| rng.pick(&dir.districts).id.clone()),
            school: None,
            language: rng
                .chance(3)
                .then(|| rng.pick(&["en", "es", "zh", "vi"]).to_string()),
            consent: *rng.pick(&Consent::ALL),
            seeks_help: rng.chance(80),
            people,
            note: Some(note),
        },
        personal,
        restricted: dv,
        notes,
        closed_at: None,
        closing_note: None,
    }
}

/// The hand-offs of a case: none to three, their status by how long ago it came in.
pub fn handoffs(rng: &mut Rng, dir: &Directory, case: &Case, today: NaiveDate) -> Vec<Handoff> {
    let n = [0, 1, 1, 1, 2, 2, 3][rng.below(7)];
    let received = crate::domain::date_of(&case.received_at).unwrap_or(today);
    let age = (today - received).num_days();
    let mut out = Vec::new();
    for seq in 1..=n {
        let Some(p) = (!dir.programs.is_empty()).then(|| rng.pick(&dir.programs)) else {
            break;
        };
        let Some(section) = p.sections.first().cloned() else {
            continue;
        };
        let at = case.received_at.clone();
        let mut h = Handoff {
            case: case.number.clone(),
            seq,
            program: p.id.clone(),
            section,
            site: None,
            reasons: vec![format!("{}の相談", p.service)],
            note: "本人の同意を得て情報提供。".into(),
            from_desk: case.desk.clone(),
            requested_at: at.clone(),
            status: HandoffStatus::Requested,
            history: vec![StatusChange {
                at: at.clone(),
                to: HandoffStatus::Requested,
                by: case.staff.clone().unwrap_or_default(),
                reason: None,
            }],
        };
        let later = format!("{}T15:00:00+09:00", received + Duration::days(2));
        let by = h.section.clone();
        let roll = rng.below(100);
        let _ = if age < 14 {
            if roll < 50 {
                h.transition(HandoffStatus::Accepted, &later, &by, None)
            } else {
                Ok(())
            }
        } else if roll < 60 {
            h.transition(HandoffStatus::Accepted, &later, &by, None)
                .and_then(|()| h.transition(HandoffStatus::Done, &later, &by, None))
        } else if roll < 80 {
            h.transition(HandoffStatus::Accepted, &later, &by, None)
        } else if roll < 85 {
            h.transition(
                HandoffStatus::Returned,
                &later,
                &by,
                Some("対象外のため差戻し".into()),
            )
        } else {
            h.transition(HandoffStatus::Expired, &later, "system", None)
        };
        out.push(h);
    }
    out
}

/// What `fill_store` put in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FillCounts {
    pub cases: usize,
    pub handoffs: usize,
}

/// Put `cases` synthetic cases (received over the two years before `today`, oldest first,
/// numbered per fiscal year) and their hand-offs into a store, then make it durable once.
/// Old cases are mostly closed. Deterministic in `seed`.
pub fn fill_store(
    store: &dyn Store,
    dir: &Directory,
    cases: usize,
    today: NaiveDate,
    seed: u64,
) -> Result<FillCounts, StoreError> {
    let mut rng = Rng::new(seed);
    let mut counts = FillCounts::default();
    let mut seqs: std::collections::BTreeMap<i32, u32> = Default::default();
    let span = 730;
    for i in 0..cases {
        let back = span - (i as i64 * span / cases.max(1) as i64);
        let date = today - Duration::days(back);
        let fy = fiscal_year(date);
        let seq = seqs.entry(fy).or_insert(0);
        *seq += 1;
        let mut c = case(&mut rng, dir, fy, *seq, date);
        if back > 60 && rng.chance(70) {
            c.closed_at = Some(format!("{}T16:00:00+09:00", date + Duration::days(30)));
            c.closing_note = Some("支援機関につながり終結。".into());
        }
        let hs = handoffs(&mut rng, dir, &c, today);
        store.restore_case(&c)?;
        for h in &hs {
            store.restore_handoff(h)?;
        }
        counts.cases += 1;
        counts.handoffs += hs.len();
    }
    store.flush_durable()?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_spread() {
        let a: Vec<u64> = (0..4).scan(Rng::new(7), |r, _| Some(r.next_u64())).collect();
        let b: Vec<u64> = (0..4).scan(Rng::new(7), |r, _| Some(r.next_u64())).collect();
        assert_eq!(a, b);
        let mut r = Rng::new(1);
        let mut seen = [0usize; 10];
        for _ in 0..10_000 {
            seen[r.below(10)] += 1;
        }
        assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
    }

    #[test]
    fn synthetic_seed_validates_with_the_asked_number_of_entries() {
        let tmp = tempfile::tempdir().unwrap();
        let counts = write_seed(tmp.path(), 300, 42).unwrap();
        assert_eq!(counts.entries(), 300);
        let dir = crate::seed::load_dir(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
        let entries = dir.sections.len() + dir.programs.len() + dir.sites.len() + dir.meetings.len();
        assert_eq!(entries, 300);
        assert_eq!(entry_lines(&dir).len(), 300);
        // Same seed, same folder.
        let again = tempfile::tempdir().unwrap();
        write_seed(again.path(), 300, 42).unwrap();
        for f in crate::seed::FILES {
            assert_eq!(
                std::fs::read(tmp.path().join(f)).unwrap(),
                std::fs::read(again.path().join(f)).unwrap(),
                "{f}"
            );
        }
        let mut rng = Rng::new(3);
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let c = case(&mut rng, &dir, 2026, 1, today);
        assert_eq!(c.number, "R8-000001");
        for h in handoffs(&mut rng, &dir, &c, today) {
            assert!(dir.program(&h.program).is_some());
        }
    }
}
