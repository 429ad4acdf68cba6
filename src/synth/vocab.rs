//! Word lists of the directory: kinds of site, program themes, kinds of program and
//! service, duties, and the parts of section names.

use super::names::Word;

/// A kind of site: name, reading, keywords, role, location.
pub(super) struct SiteKind {
    pub(super) name: Word,
    pub(super) keywords: &'static [&'static str],
    pub(super) role: Option<&'static str>,
    pub(super) location: Option<&'static str>,
}

pub(super) const SITE_KINDS: &[SiteKind] = &[
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
pub(super) struct Theme {
    pub(super) name: Word,
    pub(super) keywords: &'static [&'static str],
    pub(super) target: &'static str,
    pub(super) duties: &'static [&'static str],
}

pub(super) const THEMES: &[Theme] = &[
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

pub(super) const PROGRAM_KINDS: &[Word] = &[
    ("事業", "じぎょう"),
    ("推進事業", "すいしんじぎょう"),
    ("支援事業", "しえんじぎょう"),
    ("ネットワーク事業", "ねっとわーくじぎょう"),
];

pub(super) const SERVICE_KINDS: &[Word] = &[
    ("相談窓口", "そうだんまどぐち"),
    ("教室", "きょうしつ"),
    ("サロン", "さろん"),
    ("ネットワーク", "ねっとわーく"),
    ("訪問", "ほうもん"),
    ("センター", "せんたー"),
    ("プロジェクト", "ぷろじぇくと"),
];

pub(super) const GENERAL_DUTIES: &[&str] = &[
    "関係機関と連携した個別支援",
    "電話・来所による相談の受付",
    "情報提供と助言",
    "地域の担い手の育成",
    "定期的な見守り活動",
    "支援会議への参加",
    "活動の記録と年次報告",
];

pub(super) const MODES: &[&str] = &["直営", "委託", "補助", "一部委託"];
pub(super) const AREA_TEXTS: &[&str] = &["市内全域", "日常生活圏域", "地区ごと", "中学校区"];

pub(super) const SECTION_PARTS: &[Word] = &[
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

pub(super) const SECTION_SUFFIXES: &[Word] = &[("課", "か"), ("推進室", "すいしんしつ")];

pub(super) const GROUPS: &[&str] = &["consultation", "community", "new"];
