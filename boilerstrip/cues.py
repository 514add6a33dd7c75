"""Cue phrases: generic, multilingual word lists grouped by what they signal.

These are data, not control flow. Each list is made of the stock phrases that web
pages use for that purpose in many languages; none is taken from one particular
site. A *heading* cue matches a whole short block ("Related Articles",
"Kommentare (12)"); a *contains* cue matches anywhere in a block ("all rights
reserved"). Matching is case-insensitive on a normalised form (`normalise`).

Languages: en, de, es, fr, it, pt, nl, pl, ru (the most frequent in the labelled sets
and in web crawls), and for the heading and phrase lists also zh (simplified and
traditional), ja, ko, ar, fa, he, hi, th, uk and el: the scripts where no letter case tells
a menu item from prose, so the phrase is the one cue left. Extend a list by adding phrases,
in lower case. A phrase in a script without spaces (zh, ja, th) must be the whole heading,
as the other lists' phrases are its leading words.
"""
from __future__ import annotations

import re  # plain alternations of literals: linear, and faster than `regex` for these

import regex  # \p{Lu}-style classes; every pattern here is linear (no nested quantifiers)


def lowered(pattern: "re.Pattern | regex.Pattern") -> "re.Pattern | regex.Pattern":
    """``pattern`` without IGNORECASE, for text already lower-cased (its literals are lower
    case): the same answers, found two to three times faster, wherever lower-casing keeps the
    text's length and the text holds none of `FOLDED_APART` (`shape` checks both first)."""
    module = re if isinstance(pattern, re.Pattern) else regex
    return module.compile(pattern.pattern, pattern.flags & ~module.IGNORECASE)


# Lower-case letters that case-insensitive matching takes for another letter their lower case
# is not: dotless ı and long ſ (for i and s), and the old Cyrillic letter forms U+1C80-U+1C88
# (for в, д, о, с, т, ъ, ѣ, ꙋ). Found by comparing the two matchings on every character
# against the letters the cue patterns hold; a text with one is matched the slow way.
FOLDED_APART = re.compile("[\u0131\u017f\u1c80-\u1c88]")


# Section headings that open a list of other stories (teasers or whole articles).
RELATED_HEADINGS = frozenset({
    # en
    "related", "related articles", "related stories", "related posts", "related news",
    "related content", "related coverage", "related reading", "related links", "related topics",
    "more stories", "more articles", "more news", "more from", "more on this story", "more on this",
    "more like this", "you may also like", "you might also like", "you may also be interested in",
    "you might be interested in", "recommended", "recommended for you", "recommended stories",
    "recommended articles", "recommended reading", "read more", "read next", "read this next",
    "also read", "see also", "further reading", "up next", "what to read next", "don't miss",
    "most read", "most popular", "most viewed", "popular stories", "popular posts", "trending",
    "trending now", "top stories", "latest news", "latest stories", "latest articles", "latest posts",
    "recent posts", "recent articles", "editor's picks", "editors' picks", "around the web",
    "from the web", "sponsored stories", "promoted stories", "other stories", "in other news",
    "similar articles", "similar posts", "keep reading", "continue reading",
    # de
    "ähnliche artikel", "verwandte artikel", "weitere artikel", "weitere nachrichten",
    "mehr zum thema", "mehr aus", "mehr dazu", "das könnte sie auch interessieren",
    "das könnte dich auch interessieren", "auch interessant", "lesen sie auch", "lies auch",
    "meistgelesen", "meistgelesene artikel", "am meisten gelesen", "empfehlungen", "top-themen",
    "neueste artikel", "aktuelle nachrichten", "weiterlesen", "zum thema",
    # es
    "artículos relacionados", "noticias relacionadas", "contenido relacionado", "relacionado",
    "relacionados", "también te puede interesar", "te puede interesar", "quizás te interese",
    "te recomendamos", "más noticias", "más leídas", "lo más leído", "lo más visto", "leer más",
    "lee también", "lea también", "últimas noticias", "otras noticias", "más de",
    # fr
    "articles similaires", "articles liés", "articles connexes", "à lire aussi", "a lire aussi",
    "lire aussi", "sur le même sujet", "vous aimerez aussi", "vous aimerez aussi lire",
    "les plus lus", "plus d articles", "à voir aussi", "voir aussi", "dans la même rubrique",
    "à découvrir", "nos derniers articles", "dernières actualités", "lire la suite",
    # it
    "articoli correlati", "notizie correlate", "potrebbe interessarti", "leggi anche",
    "i più letti", "più letti", "ultime notizie", "altre notizie",
    # pt
    "artigos relacionados", "notícias relacionadas", "leia também", "veja também", "mais lidas",
    "mais notícias", "últimas notícias",
    # nl
    "gerelateerde artikelen", "lees ook", "meer nieuws", "meest gelezen", "ook interessant",
    # pl
    "powiązane artykuły", "podobne artykuły", "zobacz też", "zobacz także", "czytaj także",
    "czytaj też", "najczęściej czytane", "polecane", "polecamy", "więcej artykułów",
    # ru
    "похожие статьи", "читайте также", "новости по теме", "популярное", "по теме",
    # zh (simplified, traditional)
    "相关文章", "相关新闻", "相关阅读", "相关推荐", "推荐阅读", "延伸阅读", "热门文章", "热门推荐",
    "猜你喜欢", "更多新闻", "最新文章", "相關文章", "相關新聞", "相關閱讀", "延伸閱讀", "推薦閱讀",
    "熱門文章", "更多新聞", "最新文章",
    # ja
    "関連記事", "関連ニュース", "おすすめ記事", "人気記事", "あわせて読みたい", "こちらもおすすめ", "最新記事",
    # ko
    "관련 기사", "관련기사", "추천 기사", "많이 본 뉴스", "인기 기사", "최신 기사",
    # ar
    "مقالات ذات صلة", "أخبار ذات صلة", "مواضيع ذات صلة", "اقرأ أيضا", "اقرأ أيضاً", "الأكثر قراءة",
    "المزيد من الأخبار",
    # fa
    "مطالب مرتبط", "اخبار مرتبط", "بیشتر بخوانید", "پربازدیدترین",
    # he
    "כתבות קשורות", "כתבות נוספות", "עוד כתבות", "הנקראים ביותר",
    # hi
    "संबंधित खबरें", "संबंधित लेख", "ये भी पढ़ें", "यह भी पढ़ें",
    # th
    "ข่าวที่เกี่ยวข้อง", "บทความที่เกี่ยวข้อง", "ข่าวล่าสุด", "บทความแนะนำ",
    # uk
    "схожі статті", "читайте також", "новини за темою", "популярне",
    # el
    "σχετικά άρθρα", "διαβάστε επίσης", "δημοφιλή",
})

# Section headings and furniture of a comment section.
COMMENTS_HEADINGS = frozenset({
    # en
    "comments", "comment", "reader comments", "user comments", "leave a comment", "leave a reply",
    "post a comment", "add a comment", "add comment", "write a comment", "join the discussion",
    "join the conversation", "discussion", "responses", "replies", "conversation", "reactions",
    "no comments yet", "no comments", "be the first to comment", "show comments", "view comments",
    "load comments", "comments are closed", "comments closed", "what do you think",
    "have your say", "your comment", "post comment", "sort by", "newest first", "oldest first",
    # de
    "kommentare", "kommentar", "leserkommentare", "kommentar schreiben", "kommentieren",
    "noch keine kommentare", "keine kommentare", "diskussion", "diskutieren sie mit",
    "schreiben sie einen kommentar", "kommentare anzeigen", "ihre meinung", "deine meinung",
    "antwort hinterlassen", "eine antwort hinterlassen",
    # es
    "comentarios", "comentario", "deja un comentario", "deja una respuesta", "dejar un comentario",
    "sin comentarios", "comentar", "añadir comentario", "escribe un comentario",
    "sé el primero en comentar", "ver comentarios",
    # fr
    "commentaires", "commentaire", "laisser un commentaire", "laisser une réponse", "réagir",
    "aucun commentaire", "réactions", "ajouter un commentaire", "votre commentaire",
    "soyez le premier à commenter",
    # it
    "commenti", "commento", "lascia un commento", "lascia una risposta", "nessun commento",
    # pt
    "comentários", "deixe um comentário", "deixe uma resposta", "sem comentários",
    # nl
    "reacties", "reactie", "plaats een reactie", "geef een reactie", "laat een reactie achter",
    # pl
    "komentarze", "komentarz", "dodaj komentarz", "brak komentarzy", "skomentuj",
    # ru
    "комментарии", "комментарий", "оставить комментарий", "нет комментариев",
    # zh (simplified, traditional)
    "评论", "发表评论", "网友评论", "全部评论", "暂无评论", "评论区", "留言", "評論", "發表評論", "網友評論",
    "全部評論", "暫無評論",
    # ja
    "コメント", "コメントする", "コメントを書く", "コメント一覧", "コメントはまだありません",
    # ko
    "댓글", "댓글 쓰기", "댓글 달기", "댓글이 없습니다",
    # ar
    "التعليقات", "تعليقات", "أضف تعليقا", "أضف تعليقاً", "اترك تعليقا", "لا توجد تعليقات",
    # fa
    "نظرات", "ارسال نظر", "دیدگاه‌ها",
    # he
    "תגובות", "הוספת תגובה", "כתבו תגובה",
    # hi
    "टिप्पणियाँ", "टिप्पणी करें",
    # th
    "ความคิดเห็น", "แสดงความคิดเห็น",
    # uk
    "коментарі", "коментар", "залишити коментар", "немає коментарів",
    # el
    "σχόλια", "προσθήκη σχολίου",
})

# Single-word controls that stand alone on lines inside a comment thread.
COMMENT_CONTROLS = frozenset({
    "reply", "replies", "like", "likes", "report", "flag", "permalink", "upvote", "downvote",
    "quote", "report abuse", "report comment", "show more replies", "load more comments",
    "antworten", "melden", "zitieren", "gefällt mir", "responder", "denunciar", "me gusta",
    "répondre", "signaler", "j aime", "rispondi", "segnala", "odpowiedz", "zgłoś", "ответить",
    "回复", "回覆", "返信", "답글", "رد", "پاسخ", "הגב", "відповісти", "απάντηση",  # zh, ja, ko, ar, fa, he, uk, el
})

# Words of a post's or comment's control row ("Reply Quote Like", "Antworten · Melden ·
# Zitieren", "Save Share"): a short block made only of these, with at least one of
# COMMENT_CONTROLS' words, is a control row (`is_control_row`).
CONTROL_ROW_WORDS = frozenset({
    "reply", "replies", "like", "likes", "unlike", "report", "flag", "permalink", "upvote", "downvote",
    "quote", "multiquote", "share", "save", "edit", "delete", "parent", "link", "vote", "votes", "up",
    "down", "helpful", "thanks", "thank", "you", "abuse", "to", "add", "comment", "comments", "cancel",
    "this", "as", "inappropriate", "spam", "offensive",
    "antworten", "melden", "zitieren", "gefällt", "mir", "teilen", "danke", "bearbeiten",
    "responder", "denunciar", "me", "gusta", "citar", "compartir",
    "répondre", "signaler", "j", "aime", "citer", "partager",
    "rispondi", "segnala", "cita", "mi", "piace", "condividi",
    "odpowiedz", "zgłoś", "cytuj", "ответить", "цитировать", "пожаловаться",
})
_CONTROL_CORE = frozenset(w for phrase in (
    "reply", "report", "flag", "permalink", "upvote", "downvote", "quote", "multiquote", "like", "antworten",
    "melden", "zitieren", "responder", "denunciar", "citar", "répondre", "signaler", "citer", "rispondi",
    "segnala", "odpowiedz", "zgłoś", "cytuj", "ответить", "цитировать") for w in phrase.split())

# Member statistics beside a forum post or comment: "410 posts · Joined 2002",
# "Beiträge: 8412", "Registriert: Mo 3. Mär 2025", "Member since 2019", "Mensajes: 120".
# (Counts are bounded, {1,20}: an unbounded run was rescanned from every position of a long
# run of digits and dots, 40 s on 20,000 characters of "1.1.1.".)
MEMBER_STATS = regex.compile(
    r"\b(?:posts|beiträge|mensajes|messages|messaggi|mensagens|posty|postów|сообщений|reputation|karma"
    r"|reputación|réputation)\s?:\s?[\d.,]+"
    r"|\b[\d.,]{1,20}[kK]?\s(?:posts|beiträge|mensajes|messaggi|mensagens|postów|сообщений)\b"
    r"|\b(?:joined|registriert(?:\sseit)?|registrado|inscrit(?:\sle)?|iscritto|member since|mitglied seit"
    r"|miembro desde|membre depuis|membro dal|dołączył|на форуме с)\b\s?:?\s?\S",
    regex.IGNORECASE,
)
# Every match of MEMBER_STATS holds one of these, in lower case (the stems of its words; tests
# check each word holds one): `pagetype` searches the pattern only in the blocks that hold one
# (`shape.blocks_matching`), found by substring search, far faster than the pattern's own scan.
MEMBER_STATS_LITERALS = ("post", "beiträge", "mensa", "messag", "сообщений", "reputa", "réputa", "karma", "joined",
                         "regist", "inscrit", "iscritto", "member since", "mitglied seit", "miembro desde",
                         "membre depuis", "membro dal", "dołączył", "на форуме с")

# A comment section's heading that counts its comments: "4 thoughts on “Title”",
# "42 Responses to …", "125 Comments", "8 réflexions sur « … »", "12 Kommentare zu …"
# (WordPress and most blog themes print these; the count is what sets them apart from a
# headline that starts with "Thoughts on"). The count may stand in a bracket: "{ 12 comments }",
# "{ 7 comments… read them below or add one }", "[3 Kommentare]", "(5) Comments" are how several
# blog themes print it.
COMMENT_COUNT_HEADING = regex.compile(
    # a count ends in a digit ("1.234 Kommentare"): "2. Comment moderation" numbers a section
    r"^[\[{(]?\s?\d(?:[\d.,]*\d)?\s?[\]})]?"
    r"\s+(?:comments?|responses?|replies|thoughts|reactions|kommentare?|antworten|reaktionen"
    r"|comentarios?|respuestas|commentaires?|réflexions|réponses|réactions|commenti|risposte|comentários"
    r"|respostas|reacties|reactie|komentarz[ey]?|odpowiedzi|комментари[йяев]*|ответ(?:а|ов)?)\b",
    regex.IGNORECASE,
)

# Headings that name a page's comment section and nothing else ("Comments (5)", "Reader
# Comments", "Kommentare"), for `names_comments`. The other comment headings are forms that
# stand before or after the comments ("Leave a comment", "Add a comment" — on Q&A pages the
# control under every post) or words that also head sections of papers, news stories and API
# references ("Discussion", "Responses", "Reactions", "Conversation").
COMMENT_SECTION_NAMES = frozenset({
    "comments", "comment", "reader comments", "readers comments", "user comments", "kommentare", "kommentar",
    "leserkommentare", "comentarios", "comentario", "commentaires", "commentaire", "commenti", "commento",
    "comentários", "reacties", "reactie", "komentarze", "komentarz", "комментарии", "комментарий",
    "评论", "網友評論", "网友评论", "評論", "コメント", "댓글", "التعليقات", "تعليقات", "نظرات", "תגובות",
    "टिप्पणियाँ", "ความคิดเห็น", "коментарі", "σχόλια",
})
# The comment nouns of the languages above, as stems (in "Leserkommentare", "commentaires").
_COMMENT_NOUNS = regex.compile(r"comment|komment|coment|koment|\breacties?\b|коммент")
# Of the counted nouns of COMMENT_COUNT_HEADING, those only comment sections count ("42 Responses
# to …", "4 thoughts on …"): "replies"/"Antworten" also count a forum thread's posts, and
# "reactions" the likes under a teaser.
_COUNTED_COMMENT_WORDS = ("responses", "thoughts", "réflexions")
_FIELD = regex.compile(r"^[^:]{1,40}:\s*\w")  # "Comments: 10 pages, 4 figures" is a field and its value


def names_comments(norm: str, text: str) -> bool:
    """A heading that names the comment section: 'Comments (5)', 'Leserkommentare', '{ 12
    comments }', '42 Responses to …' (``text``: the block's text; ``norm``: its `normalise`d form)."""
    if _FIELD.match(text):
        return False
    if COMMENT_COUNT_HEADING.match(text):
        return _COMMENT_NOUNS.search(norm) is not None or norm.startswith(_COUNTED_COMMENT_WORDS)
    # one word more at most: "Comments (3)" and "Leserkommentare anzeigen", not a form's field
    # "Comments/Questions (Optional)"
    return _heading_match(norm, COMMENT_SECTION_NAMES, 1)


# "<name> says:" and friends: how comment threads introduce each comment. They end on a colon,
# a comma or an ellipsis, or on nothing: a single full stop ends a sentence instead ("‘Nuff
# said.", "“Not even close,” she replied." in an article).
_SAYS_VERBS = ("says", "said", "wrote", "writes", "replied", "schreibt", "schrieb", "sagt", "dice", "dijo", "escribió",
               "respondió", "a écrit", "écrit", "dit", "ha scritto", "scrive", "disse", "escreveu", "napisał",
               "napisała", "пишет")
COMMENT_SAYS = regex.compile(
    r"^\S.{0,60}?\s(?:" + "|".join(_SAYS_VERBS) + r")\s?(?:[:,…]|\.\.+)*$",
    regex.IGNORECASE,
)

# Short blocks that are site furniture in any article: sharing, accounts, navigation, legal.
CHROME_PHRASES = frozenset({
    # en
    "share", "share this", "share this article", "share this story", "share on facebook",
    "share on twitter", "share on x", "share on linkedin", "share via email", "tweet", "print",
    "email", "e-mail", "copy link", "subscribe", "subscribe now", "sign up", "sign in", "log in",
    "login", "log out", "register", "create account", "my account", "newsletter", "advertisement",
    "advertising", "sponsored", "sponsored content", "ad", "skip to content", "skip to main content",
    "menu", "main menu", "search", "home", "back to top", "follow us", "follow", "download the app",
    "privacy policy", "privacy", "terms of use", "terms of service", "terms and conditions",
    "cookie policy", "cookie settings", "accept", "accept all", "reject all", "manage cookies",
    "contact", "contact us", "about", "about us", "careers", "sitemap", "site map", "faq", "help",
    "previous", "next", "previous article", "next article", "older posts", "newer posts",
    "tags", "topics", "hashtags", "categories", "filed under", "loading", "close", "open",
    "toggle navigation", "load more", "show more", "view all", "see all", "all rights reserved",
    "share on", "share via", "reading time", "min read", "minute read", "print this page",
    # de
    "teilen", "artikel teilen", "drucken", "anmelden", "abmelden", "registrieren", "abonnieren",
    "jetzt abonnieren", "werbung", "anzeige", "suche", "startseite", "datenschutz",
    "datenschutzerklärung", "impressum", "kontakt", "nach oben", "alle rechte vorbehalten",
    "schlagworte", "themen", "mehr anzeigen", "akzeptieren", "alle akzeptieren", "zurück", "weiter",
    "teilen auf", "teilen per", "lesezeit", "schlagwörter", "jetzt teilen",
    # es
    "compartir", "imprimir", "suscríbete", "suscribirse", "iniciar sesión", "registrarse",
    "publicidad", "buscar", "inicio", "política de privacidad", "aviso legal", "contacto",
    "todos los derechos reservados", "etiquetas", "temas", "aceptar", "volver arriba", "siguiente",
    "anterior", "compartir en", "tiempo de lectura", "lectura",
    # fr
    "partager", "imprimer", "s'abonner", "abonnez-vous", "se connecter", "connexion",
    "s'inscrire", "publicité", "rechercher", "accueil", "mentions légales",
    "politique de confidentialité", "tous droits réservés", "mots-clés", "mots clés", "accepter",
    "tout accepter", "retour en haut", "suivant", "précédent", "partager sur", "temps de lecture",
    # it
    "condividi", "stampa", "iscriviti", "accedi", "pubblicità", "cerca", "contatti",
    "tutti i diritti riservati", "accetta", "condividi su", "tempo di lettura", "invia per email",
    # pt
    "compartilhar", "partilhar", "assine", "entrar", "publicidade", "pesquisar", "início",
    "todos os direitos reservados",
    # nl
    "delen", "inloggen", "abonneren", "advertentie", "zoeken", "alle rechten voorbehouden",
    # pl
    "udostępnij", "drukuj", "zaloguj", "zaloguj się", "reklama", "szukaj", "strona główna",
    "polityka prywatności", "wszelkie prawa zastrzeżone", "tagi",
    # ru
    "поделиться", "войти", "реклама", "поиск", "главная", "все права защищены",
    # zh (simplified, traditional)
    "首页", "登录", "注册", "分享", "搜索", "返回顶部", "关于我们", "联系我们", "隐私政策", "上一篇", "下一篇",
    "广告", "首頁", "登入", "註冊", "搜尋", "回到頂部", "關於我們", "聯絡我們", "隱私權政策", "廣告",
    # ja
    "ホーム", "ログイン", "新規登録", "シェア", "検索", "ページトップへ", "お問い合わせ", "プライバシーポリシー",
    "利用規約", "広告", "前の記事", "次の記事",
    # ko
    "홈", "로그인", "회원가입", "공유", "공유하기", "검색", "맨 위로", "광고", "이전 글", "다음 글",
    "개인정보처리방침", "이용약관",
    # ar
    "الرئيسية", "الصفحة الرئيسية", "تسجيل الدخول", "شارك", "مشاركة", "بحث", "اتصل بنا", "من نحن",
    "سياسة الخصوصية", "إعلان",
    # fa
    "خانه", "صفحه اصلی", "ورود", "جستجو", "تماس با ما", "درباره ما",
    # he
    "דף הבית", "התחברות", "שתף", "חיפוש", "צור קשר", "אודות", "פרסומת",
    # hi
    "होम", "लॉग इन", "शेयर करें", "खोजें", "हमसे संपर्क करें", "विज्ञापन",
    # th
    "หน้าแรก", "เข้าสู่ระบบ", "สมัครสมาชิก", "แชร์", "ค้นหา", "ติดต่อเรา", "เกี่ยวกับเรา", "โฆษณา",
    # uk
    "головна", "увійти", "поділитися", "пошук", "реклама", "контакти",
    # el
    "αρχική", "σύνδεση", "κοινοποίηση", "αναζήτηση", "επικοινωνία",
})

# Phrases that mark a block as furniture wherever they stand in it (cookie notes, legal
# lines, app and newsletter promotions, script warnings).
CHROME_CONTAINS = (
    "all rights reserved", "min read", "reading time", "lesezeit", "tempo di lettura",
    "tiempo de lectura", "temps de lecture", "we use cookies", "uses cookies", "cookie policy", "privacy policy",
    "terms of use", "terms of service", "sign up for our newsletter", "subscribe to our newsletter",
    "enable javascript", "javascript is disabled", "your browser", "download our app",
    "follow us on", "click here", "this website uses", "this site uses",
    "alle rechte vorbehalten", "verwendet cookies", "nutzt cookies", "newsletter abonnieren",
    "todos los derechos reservados", "utiliza cookies", "usamos cookies",
    "tous droits réservés", "utilise des cookies", "nous utilisons des cookies",
    "tutti i diritti riservati", "utilizza i cookie", "todos os direitos reservados",
    "alle rechten voorbehouden", "wszelkie prawa zastrzeżone", "все права защищены",
    "版权所有", "版權所有", "無断転載", "جميع الحقوق محفوظة",  # zh, ja, ar
)

# How a byline opens: "By Jane Doe", "Von Max Muster", "Por ...", "Par ...".
BYLINE = regex.compile(
    r"^(?:by|written by|posted by|words by|von|por|par|di|door|przez|av|af|от|autor:|author:"
    r"|autorin:|auteur\s?:|redacción:?)\s+\p{Lu}"
    # "Posted on 3 March 2025 by Jane Roe", "Publicado el 3 de marzo por ..." (bounded: linear)
    r"|^(?:posted|published|updated|written|veröffentlicht|publicado|publié|pubblicato)\b[^\n]{0,60}?"
    r"\s(?:by|von|por|par|da|di)\s+\p{Lu}",
    regex.IGNORECASE,
)

# Photo credits: "Photo: ...", "Jane Doe/Reuters", "(AP Photo/...)", agency names.
_CREDIT_LABEL = (r"(?:^|\()(?:photo|photos|image|images|picture|foto|fotos|bild|bilder|imagen|crédit|credit"
                 r"|photograph|illustration|zdjęcie|фото)\s?(?:credit)?\s?:")
_CREDIT_SLASH = r"^\p{Lu}[\p{L}.'’-]+(?:\s\p{Lu}[\p{L}.'’-]+){0,3}\s?/\s?(?:for\s)?\p{Lu}[^/›»>]*$"  # one slash: not a breadcrumb
_CREDIT_AGENCY = (r"\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|reuters|afp via getty|imago|dpa"
                  r"|picture alliance|epa-efe|alamy)\b")
CAPTION_CREDIT = regex.compile("|".join((_CREDIT_LABEL, _CREDIT_SLASH, _CREDIT_AGENCY)), regex.IGNORECASE)
# The agency names alone: a credit without them needs a ":" or a "/" (`shape` tests that first).
CREDIT_AGENCY = regex.compile(_CREDIT_AGENCY, regex.IGNORECASE)
# Every match of CREDIT_AGENCY holds one of these, in lower case (see RELATIVE_TIME_LITERALS).
CREDIT_AGENCY_LITERALS = ("getty images", "shutterstock", "istock", "ap photo", "reuters", "afp via getty", "imago",
                          "dpa", "picture alliance", "epa-efe", "alamy")

# Relative times as news sites and comment threads print them.
RELATIVE_TIME = re.compile(
    r"\b(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|hr|hour|day|week|month|year)s?\s+ago\b"
    r"|\bjust now\b"
    r"|\bvor\s+(?:\d+|einer|einem|wenigen)\s+(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)\b"
    r"|\bhace\s+(?:\d+|un|una)\s+(?:segundos?|minutos?|horas?|días?|semanas?|mes(?:es)?|años?)\b"
    r"|\bil y a\s+(?:\d+|une?)\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)\b"
    r"|\b\d+\s+(?:minuti|ore|giorni|settimane|mesi|anni)\s+fa\b"
    r"|\bhá\s+\d+\s+(?:minutos|horas|dias|semanas|meses|anos)\b"
    r"|\b\d+\s+(?:minut[y]?|godzin[y]?|dni|tygodni[e]?|miesięcy)\s+temu\b"
    r"|\b\d+\s+(?:минут[уы]?|час(?:а|ов)?|дн(?:я|ей)|недел[ьи])\s+назад\b",
    re.IGNORECASE,
)
# Every match of RELATIVE_TIME holds one of these, in lower case (one for each alternative
# above, in order; tests check that each alternative holds one): `shape` looks for the
# pattern only in the blocks that hold one, found by substring search, faster than the
# pattern's own scan.
RELATIVE_TIME_LITERALS = ("ago", "just now", "vor", "hace", "il y a", "fa", "há", "temu", "назад")

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    "|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    "|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
)
# Calendar dates: 2024-05-30, 30.05.2024, 5/30/24, "May 30, 2024", "30. Mai 2024", "30 de mayo".
DATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:\.|st|nd|rd|th)?\s+(?:de\s+)?(?:{_MONTHS})\.?(?:\s+(?:de\s+)?\d{{4}})?\b",
    re.IGNORECASE,
)

# First- and second-person words: reader comments and forum posts speak as "I" to "you";
# news prose reports in the third person. Matched against a block's word tokens (runs of
# `\w`), so each entry is one token: "I'm" counts as "i", "j'ai" as "j".
PERSONAL = frozenset({
    "i", "me", "my", "mine", "myself", "we", "us", "our", "you", "your",
    "ich", "mich", "mir", "mein", "meine", "meiner", "wir", "uns", "unser", "du", "dich", "dir",
    "dein", "yo", "mí", "mis", "nosotros", "nuestro", "nuestra", "tú", "usted", "je", "j", "moi",
    "mon", "ma", "mes", "nous", "notre", "tu", "toi", "io", "mio", "mia", "noi", "eu", "meu",
    "minha", "nós", "ja", "mnie", "mój", "moja", "my", "nasz", "я", "мне", "мой", "мы", "вы",
})

# Verbs of attribution, one word token each as PERSONAL's: the signature of reported (news) prose.
REPORTING = frozenset({
    "said", "says", "told", "according", "added", "wrote", "posted", "reported", "announced",
    "explained", "stated", "noted", "sagte", "sagt", "erklärte", "laut", "teilte", "berichtete",
    "dijo", "afirmó", "según", "explicó", "señaló", "aseguró", "déclaré", "selon", "explique",
    "indiqué", "affirmé", "detto", "secondo", "disse", "segundo", "powiedział", "według",
    "заявил", "сообщил",
})

NORMALISE_DROPPED = regex.compile(r"[\d\p{P}\p{S}]")  # digits, punctuation, symbols
_NORMALISE_DROP = regex.compile(NORMALISE_DROPPED.pattern + "+")
NORMALISE_SPACE = regex.compile(r"\s")
_SPACES = regex.compile(NORMALISE_SPACE.pattern + "+")


def normalise(text: str) -> str:
    """Lower-case, digits and punctuation dropped, spaces collapsed: the form cues match.

    Only the first 200 characters count: cues are short, and this keeps the cost flat.
    """
    text = text[:200]
    return _SPACES.sub(" ", _NORMALISE_DROP.sub(" ", text.lower())).strip()


HEADING_CHARS = 80  # a heading or phrase cue is a block this short, once normalised


def _heading_match(norm: str, phrases: frozenset[str], max_extra_words: int) -> bool:
    if len(norm) > HEADING_CHARS:
        return False
    if norm in phrases:
        return True
    words = norm.split()
    for n in range(min(4, len(words)), 0, -1):
        if " ".join(words[:n]) in phrases and len(words) - n <= max_extra_words:
            return True
    return False


# The three heading lists with the extra words each allows after its phrase, and each
# phrase's lists as bits, for `heading_cues`.
_HEADING_LISTS = ((RELATED_HEADINGS, 3), (COMMENTS_HEADINGS, 2), (CHROME_PHRASES, 1))
_HEADING_BITS: dict[str, int] = {}
for _bit, (_phrases, _) in enumerate(_HEADING_LISTS):
    for _phrase in _phrases:
        _HEADING_BITS[_phrase] = _HEADING_BITS.get(_phrase, 0) | 1 << _bit
_HEADING_FIRST_WORDS = frozenset(phrase.split()[0] for phrase in _HEADING_BITS if phrase.split())


def heading_cues(norm: str) -> tuple[bool, bool, bool]:
    """(`is_related_heading`, `is_comments_heading`, `is_chrome_phrase`) of a normalised
    block, in one pass over its leading words."""
    if len(norm) > HEADING_CHARS:
        return False, False, False
    found = _HEADING_BITS.get(norm, 0)
    words = norm.split()
    if not words or words[0] not in _HEADING_FIRST_WORDS:  # no phrase starts this block
        return bool(found & 1), bool(found & 2), bool(found & 4)
    for n in range(min(4, len(words)), 0, -1):
        bits = _HEADING_BITS.get(" ".join(words[:n]), 0)
        for bit, (_, max_extra_words) in enumerate(_HEADING_LISTS):
            if bits >> bit & 1 and len(words) - n <= max_extra_words:
                found |= 1 << bit
    return bool(found & 1), bool(found & 2), bool(found & 4)


# The is_* tests take the block's `normalise`d text (computed once per block).

def is_related_heading(norm: str) -> bool:
    """'Related Articles', 'More from <site>', 'Lesen Sie auch' … (a short block)."""
    return _heading_match(norm, RELATED_HEADINGS, 3)


def is_comments_heading(norm: str) -> bool:
    """'Comments (3)', 'Leave a Reply', 'Noch keine Kommentare' … (a short block)."""
    return _heading_match(norm, COMMENTS_HEADINGS, 2)


def is_comment_control(norm: str, text: str) -> bool:
    if len(text) > 60:
        return False
    return norm in COMMENT_CONTROLS or (_may_say(text) and COMMENT_SAYS.match(text) is not None)


# The last words of COMMENT_SAYS's verbs written in ASCII. An ASCII block can match only if
# its lower case, less the spaces and the punctuation the pattern allows at the end, ends with
# one (a cheap test that spares most short blocks the pattern's backtracking scan); other
# blocks always go to the pattern (case-insensitive matching equates "İ" and "ſ" with "i" and
# "s", and the other verbs are not ASCII).
_SAYS_ENDINGS = tuple(verb.split()[-1] for verb in _SAYS_VERBS if verb.isascii())


def _may_say(text: str) -> bool:
    if not text.isascii():
        return True
    return text.rstrip().rstrip(":,….").rstrip().lower().endswith(_SAYS_ENDINGS)


def is_control_row(norm: str) -> bool:
    """'Reply Quote Like', 'Antworten Melden', 'Save Share Reply' (a normalised short block)."""
    words = norm.split()
    return 0 < len(words) <= 8 and CONTROL_ROW_WORDS.issuperset(words) and not _CONTROL_CORE.isdisjoint(words)


def is_chrome_phrase(norm: str) -> bool:
    return _heading_match(norm, CHROME_PHRASES, 1)


CHROME_CONTAINS_PATTERN = re.compile("|".join(re.escape(p) for p in CHROME_CONTAINS))


def has_chrome_phrase(lowered: str) -> bool:
    """Takes the block's lower-cased text (so the pattern needs no slow IGNORECASE)."""
    return lowered.startswith("©") or CHROME_CONTAINS_PATTERN.search(lowered) is not None
