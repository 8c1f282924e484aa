"""Made-up names and texts for the large demo, in Latin, Chinese, Cyrillic and Arabic script.

Deterministic: the n-th person or recommendation is always the same, so two runs of the
generator (or a test and the benchmark) see the same data.
"""

# One pool per side of the large programme: (side name, countries, nationality, given, family).
PEOPLE = (
    (
        "United States",
        ["US"],
        "US",
        ("Emily", "Michael", "Sarah", "David", "Laura", "James", "Anna", "Robert", "Maria"),
        ("Carter", "Brooks", "Nguyen", "Hughes", "Patel", "Ramirez", "Kowalski", "O'Neil"),
    ),
    (
        "China",
        ["CN"],
        "CN",
        ("伟", "芳", "明", "静", "磊", "洋", "艳", "军", "霞"),
        ("李", "王", "张", "刘", "陈", "杨", "赵", "黄"),
    ),
    (
        "Russia",
        ["RU"],
        "RU",
        ("Анна", "Дмитрий", "Елена", "Сергей", "Ольга", "Иван", "Мария", "Алексей", "Наталья"),
        ("Иванова", "Смирнов", "Кузнецова", "Попов", "Соколова", "Лебедев", "Новикова", "Морозов"),
    ),
    (
        "Gulf states",
        ["SA", "AE", "QA"],
        "SA",
        ("فاطمة", "محمد", "خالد", "نورة", "عبدالله", "مريم", "يوسف", "سارة", "أحمد"),
        ("العتيبي", "المنصوري", "الزهراني", "القحطاني", "الكعبي", "الهاشمي", "الشمري", "النعيمي"),
    ),
)

AFFILIATIONS = (
    "Naval War College",
    "复旦大学",
    "МГИМО",
    "مركز الخليج للأبحاث",
    "Center for Ocean Policy",
    "中国南海研究院",
    "Институт мировой экономики",
    "جامعة قطر",
)

TOPICS = ("maritime", "crisis", "cyber", "nuclear", "climate", "trade", "health", "space")

SUBJECTS = (
    ("incident hotline", "事故热线", "горячая линия", "خط ساخن"),
    ("search and rescue", "搜救合作", "поиск и спасение", "البحث والإنقاذ"),
    ("data sharing", "数据共享", "обмен данными", "تبادل البيانات"),
    ("confidence building", "建立互信", "меры доверия", "بناء الثقة"),
    ("export controls", "出口管制", "экспортный контроль", "ضوابط التصدير"),
    ("early warning", "早期预警", "раннее предупреждение", "الإنذار المبكر"),
)

VENUES = ("Conference room A", "Conference room B", "Harbour terminal", "Library hall")


def person_name(side_index: int, number: int) -> str:
    """The number-th person of a side; Chinese names are family name first, without a space."""
    _side, _countries, _nationality, given, family = PEOPLE[side_index]
    first = given[number % len(given)]
    last = family[(number // len(given)) % len(family)]
    if side_index == 1:
        return f"{last}{first}{number // 72 or ''}"
    return f"{first} {last} {number // 72 or ''}".strip()


def recommendation_title(number: int) -> str:
    """A title that names its subject in two scripts, so search finds it either way."""
    subject = SUBJECTS[number % len(SUBJECTS)]
    other = subject[1 + number % 3]
    return f"Recommendation {number + 1}: {subject[0]} / {other}"


def recommendation_body(number: int) -> str:
    subject = SUBJECTS[number % len(SUBJECTS)]
    return (
        f"## Proposal\n\nBoth governments should consider **practical steps** on {subject[0]}.\n\n"
        f"- {subject[1]}: 应在24小时内报告\n- {subject[2]}: в течение суток\n"
        f"- {subject[3]}: خلال أربع وعشرين ساعة\n"
    )


def position_text(side_name: str, number: int) -> str:
    stance = ("supports the aim", "supports it with reservations", "asks for more time")[number % 3]
    return f"{side_name} {stance}."
