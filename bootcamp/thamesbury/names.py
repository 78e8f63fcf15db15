"""Curated name lists for Thamesbury's population, by name origin, and known spelling variants.

Lists are ordered most common first; :func:`zipf_weights` turns that order into sampling weights, so SMITH and
MOHAMMED come up often (common names make matching hard) while the tail gives variety. All names are UPPER CASE.
"""

from __future__ import annotations

import functools

import numpy as np

# origin -> (share of households, male first names, female first names, surnames)
ORIGINS: dict[str, tuple[float, list[str], list[str], list[str]]] = {
    "english": (0.40,
        "JAMES JOHN DAVID MICHAEL ROBERT WILLIAM THOMAS RICHARD DANIEL PETER ANDREW CHRISTOPHER MATTHEW JOSEPH GEORGE "
        "OLIVER HARRY JACK CHARLIE EDWARD SAMUEL BENJAMIN STEPHEN PAUL MARK ANTHONY NICHOLAS ALEXANDER JONATHAN "
        "TIMOTHY PHILIP KENNETH RONALD FREDERICK ARTHUR LEO ALFIE".split(),
        "MARGARET ELIZABETH SARAH SUSAN PATRICIA JENNIFER EMMA CHARLOTTE OLIVIA AMELIA JESSICA HANNAH REBECCA "
        "KATHERINE VICTORIA JANE HELEN CATHERINE LUCY SOPHIE ABIGAIL DEBORAH CHRISTINE DOROTHY BARBARA JOAN "
        "ALEXANDRA ELEANOR FLORENCE ISLA POPPY GRACE ALICE RUTH PAMELA".split(),
        "SMITH JONES WILLIAMS TAYLOR BROWN DAVIES EVANS WILSON THOMAS JOHNSON ROBERTS ROBINSON THOMPSON WRIGHT "
        "WALKER WHITE EDWARDS HUGHES GREEN HALL LEWIS HARRIS CLARKE PATEL JACKSON WOOD TURNER MARTIN COOPER HILL "
        "WARD MORRIS MOORE CLARK KING BAKER HARRISON MORGAN ALLEN JAMES SCOTT PHILLIPS WATSON DAVIS PARKER BENNETT "
        "PRICE GRIFFITHS YOUNG MITCHELL KELLY COOK CARTER RICHARDSON BAILEY COLLINS BELL SHAW MURPHY MILLER COX "
        "FISHER STEVENS MARSHALL BUTLER ELLIS FOSTER ATKINSON CHAPMAN WEBB ROGERS GRAY MASON HUNT HOLMES PALMER "
        "LLOYD HOLLAND FLETCHER CRAWFORD BARNES HOWARD FORD SPENCER KNIGHT LAMBERT WHITTAKER ASHWORTH".split()),
    "irish": (0.04,
        "SEAN PATRICK CIARAN CONOR DECLAN EOIN LIAM NIALL DERMOT EAMON KIERAN DONAL".split(),
        "SIOBHAN AOIFE NIAMH MAIREAD ROISIN CAOIMHE SINEAD BRIDGET ORLA CLODAGH MARY AINE".split(),
        "MURPHY KELLY O'BRIEN BYRNE RYAN O'SULLIVAN WALSH O'CONNOR MCCARTHY DOYLE GALLAGHER O'NEILL KENNEDY "
        "FITZGERALD QUINN MCLAUGHLIN".split()),
    "indian": (0.06,
        "RAJESH ARJUN VIKRAM SANJAY AMIT RAVI HARPREET GURPREET KULDEEP SURESH ANIL DEEPAK ROHAN ARYAN KIRAN".split(),
        "PRIYA ANITA SUNITA DEEPA KAVITA NEHA POOJA SIMRAN JASPREET MEERA ANJALI LAKSHMI ASHA RANI".split(),
        "PATEL SHAH SINGH KAUR SHARMA GUPTA KUMAR MISTRY PAREKH DESAI JOSHI MEHTA SANDHU GILL DHILLON CHAUHAN "
        "BHATT NAIR".split()),
    "pakistani": (0.04,
        "MOHAMMED MUHAMMAD ALI HASSAN IMRAN USMAN BILAL ZAIN ADNAN KAMRAN TARIQ ASIF FAISAL HAMZA".split(),
        "AYESHA FATIMA SANA ZAINAB NADIA SAIMA ASMA HINA MARYAM AMNA RABIA IQRA".split(),
        "KHAN HUSSAIN AHMED ALI AKHTAR IQBAL MAHMOOD RASHID BUTT CHAUDHRY MALIK RAZA QURESHI SHEIKH".split()),
    "bangladeshi": (0.05,
        "MOHAMMED ABDUL MOHAMMAD SHAHID RAHIM KAMAL JAMAL SHAKIL RUHUL MIZANUR ANWAR HABIB".split(),
        "FATEMA NASRIN SHAMIMA RUMANA TASLIMA JESMIN HALIMA SHIRIN RUKSANA NAZMA".split(),
        "RAHMAN UDDIN BEGUM MIAH ISLAM HOSSAIN KHATUN ALI CHOWDHURY AHMED HAQUE KHAN".split()),
    "sri_lankan": (0.02,
        "NIMAL SUNIL PRADEEP KUMAR RAJAN SIVA THARSHAN KAJAN".split(),
        "NIROSHA KALA THARSHIKA DILANI SHANTHI VANI".split(),
        "PERERA FERNANDO SILVA JAYAWARDENA SIVAKUMAR RAJARATNAM THEVARAJAH KANAGARATNAM".split()),
    "nigerian": (0.05,
        "OLUWASEUN CHINEDU EMEKA ADEBAYO TUNDE OLUMIDE IFEANYI CHUKWUEMEKA BABATUNDE SEGUN DAVID SAMUEL".split(),
        "CHIOMA ADAEZE FUNMILAYO NGOZI FOLASADE BLESSING TEMITOPE OLUWATOYIN YETUNDE ABIMBOLA GRACE".split(),
        "OKAFOR ADEYEMI OKONKWO ADEBAYO OGUNDIPE BALOGUN NWOSU OLAWALE EZE OKORO OYELARAN ADEWALE OLADIPO".split()),
    "ghanaian": (0.02,
        "KWAME KOFI KWABENA YAW KWESI KOJO EMMANUEL".split(),
        "AKOSUA AMA ABENA AFUA ADWOA EFUA ESI".split(),
        "MENSAH BOATENG OWUSU ASANTE ADJEI APPIAH OSEI ANSAH".split()),
    "somali": (0.02,
        "MOHAMED ABDI AHMED HASSAN YUSUF ABDIRAHMAN OMAR".split(),
        "HODAN FARTUN AMINA HAWA SAHRA IFRAH KHADRA".split(),
        "MOHAMED ALI HUSSEIN ABDI FARAH ADAN WARSAME JAMA OMAR".split()),
    "caribbean": (0.05,
        "DELROY WINSTON TREVOR MARCUS DWAYNE LEROY DESMOND CLIVE JERMAINE ANDRE".split(),
        "MARCIA SHARON JUNE PAULETTE CHANTELLE BEVERLEY YVONNE CAMILLE TANISHA".split(),
        "CAMPBELL BROWN WILLIAMS GRANT THOMPSON FRANCIS REID BARRETT GORDON MORGAN RICHARDS LEWIS HENRY".split()),
    "polish": (0.04,
        "PIOTR KRZYSZTOF TOMASZ PAWEL MICHAL MARCIN LUKASZ JAKUB KAMIL".split(),
        "ANNA KATARZYNA MAGDALENA AGNIESZKA MALGORZATA JOANNA ALEKSANDRA MARTA EWA".split(),
        "NOWAK KOWALSKI WISNIEWSKI WOJCIK KOWALCZYK KAMINSKI LEWANDOWSKI ZIELINSKI SZYMANSKI WOZNIAK".split()),
    "romanian": (0.03,
        "ANDREI ION MIHAI ALEXANDRU GHEORGHE FLORIN ADRIAN".split(),
        "ELENA IOANA MARIA ANDREEA ALEXANDRA GABRIELA ROXANA".split(),
        "POPESCU IONESCU POPA STAN DUMITRU CONSTANTIN STOICA MUNTEANU".split()),
    "lithuanian": (0.01,
        "TOMAS MANTAS DOVYDAS JONAS LUKAS".split(),
        "RUTA EGLE GIEDRE LAURA INGA".split(),
        "KAZLAUSKAS JANKAUSKAS PETRAUSKAS STANKEVICIUS VASILIAUSKAS".split()),
    "turkish": (0.03,
        "MEHMET MUSTAFA AHMET HUSEYIN EMRE MURAT KEMAL YUSUF".split(),
        "AYSE FATMA EMINE ZEYNEP ELIF HATICE MERVE".split(),
        "YILMAZ KAYA DEMIR SAHIN CELIK YILDIZ OZTURK AYDIN ARSLAN DOGAN".split()),
    "chinese": (0.02,
        "WEI JUN HAO MING JIAN LEI KEVIN".split(),
        "LI MEI XIAO YAN HUI JING FANG".split(),
        "WANG LI ZHANG CHEN LIU YANG HUANG WONG CHAN LAM".split()),
    "arabic": (0.03,
        "MOHAMMAD AHMAD OMAR KHALID YOUSEF SAMIR KARIM TAREK".split(),
        "FATIMA LAYLA NOUR RANIA HANA YASMIN MARIAM".split(),
        "HASSAN ABDULLAH IBRAHIM SALEH MANSOUR HADDAD NASSER KHALIL AL-HASHIMI".split()),
    "portuguese": (0.02,
        "JOAO PEDRO RUI TIAGO MIGUEL BRUNO".split(),
        "ANA MARIA INES SOFIA BEATRIZ CATARINA".split(),
        "DA SILVA,DOS SANTOS,FERREIRA,PEREIRA,OLIVEIRA,COSTA,RODRIGUES,MARTINS,SOUSA".split(",")),
    "brazilian": (0.01,
        "LUCAS GABRIEL RAFAEL FELIPE GUSTAVO MATHEUS".split(),
        "JULIANA FERNANDA LARISSA CAMILA BRUNA LETICIA".split(),
        "SILVA SANTOS OLIVEIRA SOUZA LIMA CARVALHO ALMEIDA".split()),
}

# More names for the origins that Faker has no Latin-script lists for (added to the curated lists above, after them).
_MORE: dict[str, tuple[str, str, str]] = {
    "pakistani": ("SHAHZAD WAQAS JUNAID NAVEED ZUBAIR ARSHAD SAJID SOHAIL RIZWAN AFZAL NADEEM SHOAIB IRFAN KHURRAM "
                  "WASEEM AAMIR FAROOQ ZEESHAN HARIS SAQIB",
                  "SAMINA SHAZIA RUBINA NASREEN TAHIRA FARZANA BUSHRA SHABANA KIRAN SOBIA ANEELA MEHWISH SADIA UZMA "
                  "ROBINA ZAHIDA", ""),
    "bangladeshi": ("SHAFIQUL AMINUL RAFIQUL SAIFUL NAZRUL ABUL DELWAR JAHANGIR MOSHIUR SHAMSUL MASUD FAZLUL",
                    "SHAHANA RAHIMA ASMA SUMAYA TAHMINA JAHANARA FERDOUSI LAILA MARJANA SHULI",
                    "SARKAR TALUKDAR MOLLA SHEIKH BHUIYAN KHANOM AKTER PARVIN SULTANA MAHMUD ROY DAS"),
    "somali": ("ABDULLAHI MUKHTAR LIBAN SAID ISMAIL HUSSEIN MUSE GUULED ABDIKARIM KHALID",
               "FADUMO AYAN HIBO SAMIRA DEEQA NASRA UBAH LEYLA",
               "ISMAIL YUSUF AHMED HASSAN NUR DUALE EGAL GEDI HIRSI IBRAHIM MOHAMUD OSMAN"),
    "sri_lankan": ("THUSHARA RUWAN CHAMINDA SAMAN KASUN NUWAN SURESH DINESH",
                   "CHAMARI NADEESHA SANDYA ANUSHA DILRUKSHI PRIYANTHI",
                   "WIJESINGHE BANDARA RATNAYAKE GUNASEKARA DISSANAYAKE HERATH WICKRAMASINGHE JAYASINGHE KUMARASAMY "
                   "SELVARAJAH NADARAJAH BALASINGHAM"),
    "chinese": ("YONG QIANG BO TAO CHAO GANG PENG JIE", "LING YING XIN QING JUAN HONG LAN",
                "ZHAO WU ZHOU XU SUN MA ZHU HU GUO HE LIN LUO GAO LIANG ZHENG TANG HO CHEUNG LEUNG LAU NG"),
    "arabic": ("HAMZA BILAL RAMI WALID NABIL FADI ZIAD JAMAL", "SALMA DINA REEM LINA AMAL HEBA NADA",
               "AL-SAYED HAMDAN SALEM ZAYED AZIZ NAJJAR KHOURY ABBAS SAID YASSIN"),
    "lithuanian": ("DARIUS AUDRIUS PAULIUS VYTAUTAS ANDRIUS ROKAS", "JURGITA RASA IEVA SIMONA AGNE KRISTINA", ""),
}
for _origin, _extra in _MORE.items():
    _share, *_lists = ORIGINS[_origin]
    ORIGINS[_origin] = (_share, *[names + [n for n in more.split() if n not in names]
                                  for names, more in zip(_lists, _extra)])

# The long tail: for each origin, the Faker locales (a pinned package, so the lists never change under a seed) whose
# name lists extend the curated heads above. The curated names stay first (the commonest); Faker's follow in a
# fixed order of their own. A London borough has thousands of surnames, most of them rare (see data/README.md).
FAKER_LOCALES: dict[str, tuple[str, ...]] = {
    "english": ("en_GB", "en_US"), "irish": ("en_IE",), "indian": ("en_IN",), "pakistani": ("en_PK",),
    "nigerian": ("yo_NG",), "ghanaian": ("tw_GH",), "caribbean": ("en_GB",), "polish": ("pl_PL",),
    "romanian": ("ro_RO",), "lithuanian": ("lt_LT",), "turkish": ("tr_TR",), "portuguese": ("pt_PT",),
    "brazilian": ("pt_BR",),
}
# How steeply name frequencies fall from the commonest: first names are fewer and more concentrated than surnames.
FIRST_NAME_EXPONENT = 0.9
SURNAME_EXPONENT = 0.6
_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "ß": "ss", "đ": "d"})


def _plain_upper(name: str) -> str | None:
    """A name in the generator's form: upper case, accents folded to plain letters (ŁUKASZ → LUKASZ; the variant
    lists keep the accented forms a source may write); None for anything that is not Latin letters, spaces,
    hyphens and apostrophes."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name.translate(_FOLD))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).upper().strip()
    return plain if plain and all(c.isascii() and (c.isalpha() or c in " -'") for c in plain) else None


def _faker_list(locale: str, which: int) -> list[str]:
    """Faker's male first names (1), female first names (2) or surnames (3) of one locale, in Faker's order
    (weighted lists: commonest first)."""
    import importlib

    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    attributes = {1: ("first_names_male",), 2: ("first_names_female",),
                  3: ("last_names", "male_last_names")}[which]
    names: list[str] = []
    for attribute in attributes:
        values = getattr(provider, attribute, ())
        if isinstance(values, dict):
            values = sorted(values, key=lambda v: -values[v])
        names += [v for v in values if isinstance(v, str)]
    return names


@functools.lru_cache(maxsize=None)
def name_pool(origin: str, which: int) -> tuple[str, ...]:
    """Every name an origin draws from, most common first: the curated list, then Faker's names for its locales
    (without repeats, names shorter than two letters, or placeholders such as DOE)."""
    curated = ORIGINS[origin][which]
    pool = list(dict.fromkeys(curated))
    seen = set(pool)
    for locale in FAKER_LOCALES.get(origin, ()):
        for raw in _faker_list(locale, which):
            name = _plain_upper(raw)
            if name and len(name) >= 2 and name not in seen and name != "DOE":
                seen.add(name)
                pool.append(name)
    return tuple(pool)


# Portuguese-speaking families often carry two surnames (mother's then father's), written as one field.
DOUBLE_SURNAME_ORIGINS = ("portuguese", "brazilian")

# Spelling and transliteration variants: a source may write any member of a group for the same person.
VARIANT_GROUPS: list[tuple[str, ...]] = [
    ("MOHAMMED", "MUHAMMAD", "MOHAMED", "MOHAMMAD", "MOHAMAD"),
    ("YUSUF", "YOUSEF", "YUSSUF", "YOUSSEF"), ("AHMED", "AHMAD", "AHMET"), ("HUSSAIN", "HUSSEIN", "HUSAIN"),
    ("ALEKSANDRA", "ALEXANDRA"), ("FATIMA", "FATEMA", "FATIMAH"), ("MARYAM", "MARIAM", "MERIEM"),
    ("ABDIRAHMAN", "ABDULRAHMAN", "ABDUL RAHMAN"), ("HUSEYIN", "HUSEIN"), ("OMAR", "UMAR"),
    ("CHAUDHRY", "CHOUDHURY", "CHOWDHURY"), ("MIAH", "MIA"), ("UDDIN", "UDIN"), ("HOSSAIN", "HOSSEN", "HUSSAIN"),
    ("OLUWASEUN", "OLUSEUN"), ("JOAO", "JOÃO"), ("INES", "INÊS"), ("WISNIEWSKI", "WIŚNIEWSKI"),
    ("MALGORZATA", "MAŁGORZATA"), ("LUKASZ", "ŁUKASZ"), ("PAWEL", "PAWEŁ"), ("MICHAL", "MICHAŁ"),
    ("WONG", "HUANG"), ("CHAN", "CHEN"), ("HALIMA", "HALIMAH"), ("YASMIN", "YASMINE", "JASMINE"),
    ("KATHERINE", "CATHERINE", "KATHRYN"), ("SIOBHAN", "SHIVAUN"), ("GEORGE", "GEORGIOS"), ("STEPHEN", "STEVEN"),
    ("JOHN", "JON"), ("PHILIP", "PHILLIP"), ("MATTHEW", "MATHEW"), ("SARAH", "SARA"), ("ANNA", "ANA"),
    ("MOHAMED", "MAHAMED"), ("ABDI", "ABDY"), ("RAHMAN", "REHMAN"), ("IQBAL", "IKBAL"),
]
VARIANTS: dict[str, tuple[str, ...]] = {}
for _group in VARIANT_GROUPS:
    for _name in _group:
        VARIANTS[_name] = tuple(n for n in _group if n != _name)

TITLES_MALE = ("MR",)
TITLES_FEMALE = ("MRS", "MS", "MISS")


def zipf_weights(n: int, exponent: float = 0.9) -> np.ndarray:
    """Sampling weights for a list ordered most common first."""
    w = 1.0 / np.arange(1, n + 1) ** exponent
    return w / w.sum()


def origin_names() -> list[str]:
    """Origins in a fixed order (dict order is fixed by this module)."""
    return list(ORIGINS)


def origin_shares() -> np.ndarray:
    shares = np.array([ORIGINS[o][0] for o in ORIGINS], dtype=float)
    return shares / shares.sum()
