<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk_UA" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Cannot open the database {url}: {error}</source>
        <translation>Не вдалося відкрити базу даних {url}: {error}</translation>
    </message>
    <message>
        <source>Newsroom</source>
        <translation>Редакція</translation>
    </message>
</context>
<context>
    <name>ArticleSession</name>
    <message>
        <source>{name} is editing this article: it cannot be saved now. Your text is kept as unsaved text.</source>
        <translation>Цю статтю редагує {name}: зберегти її зараз не можна. Ваш текст збережено як незбережений і його буде запропоновано відновити.</translation>
    </message>
    <message>
        <source>This article cannot be edited now.</source>
        <translation>Цю статтю зараз не можна редагувати.</translation>
    </message>
    <message>
        <source>Not saved: {reason}. Your text is kept as unsaved text and is offered for recovery.</source>
        <translation>Не збережено: {reason}. Ваш текст збережено як незбережений і його буде запропоновано відновити.</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Не збережено: {reason}</translation>
    </message>
    <message>
        <source>Their version is shown now. Yours is kept as unsaved text and offered for recovery until you change this article again.</source>
        <translation>Тепер показано їхню версію. Вашу збережено як незбережений текст: її буде запропоновано відновити, доки ви знову не зміните цю статтю.</translation>
    </message>
    <message>
        <source>Autosave failed: {reason}</source>
        <translation>Автозбереження не вдалося: {reason}</translation>
    </message>
    <message>
        <source>The article is free now: you can edit it.</source>
        <translation>Стаття тепер вільна: ви можете її редагувати.</translation>
    </message>
    <message>
        <source>{name} has taken over this article. Your unsaved text is kept and offered for recovery.</source>
        <translation>{name} перехопив(-ла) редагування цієї статті. Ваш незбережений текст збережено, його буде запропоновано відновити.</translation>
    </message>
    <message>
        <source>Could not take over: {reason}</source>
        <translation>Не вдалося перехопити: {reason}</translation>
    </message>
</context>
<context>
    <name>ArticleTableModel</name>
    <message>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Розділ</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Оновлено</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Заплановано на</translation>
    </message>
</context>
<context>
    <name>ArticleWindow</name>
    <message>
        <source>The photo is stored.</source>
        <translation>Фото збережено.</translation>
    </message>
    <message>
        <source>New article</source>
        <translation>Нова стаття</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>Редактор</translation>
    </message>
    <message>
        <source>Article details</source>
        <translation>Відомості про статтю</translation>
    </message>
    <message>
        <source>Save your changes (Ctrl+S) to change the status or comment: reviewers see the saved text.</source>
        <translation>Збережіть зміни (Ctrl+S), щоб змінити статус чи коментувати: рецензенти бачать збережений текст.</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Перевірка</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Зберегти</translation>
    </message>
    <message>
        <source>Save a new revision (Ctrl+S)</source>
        <translation>Зберегти нову редакцію (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрити</translation>
    </message>
    <message>
        <source>&amp;Related…</source>
        <translation>Пов’&amp;язані…</translation>
    </message>
    <message>
        <source>Choose the «Read also» articles</source>
        <translation>Вибрати статті для блоку «Читайте також»</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Стаття</translation>
    </message>
    <message>
        <source>&amp;Article</source>
        <translation>&amp;Стаття</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вигляд</translation>
    </message>
    <message>
        <source>Article &amp;details</source>
        <translation>&amp;Відомості про статтю</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Перевірка</translation>
    </message>
    <message>
        <source>Nothing to save: no changes since the last save.</source>
        <translation>Нічого зберігати: змін від останнього збереження немає.</translation>
    </message>
    <message>
        <source>Saved revision {n} at {time}.</source>
        <translation>Збережено редакцію {n} о {time}.</translation>
    </message>
    <message>
        <source>Not saved yet: your text stays here. Saving again shows the two versions again.</source>
        <translation>Ще не збережено: ваш текст лишається тут. Під час наступного збереження обидві версії буде показано знову.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Збереження…</translation>
    </message>
    <message>
        <source>Unsaved text kept at {time}</source>
        <translation>Незбережений текст збережено о {time}</translation>
    </message>
    <message>
        <source>Unsaved text found</source>
        <translation>Знайдено незбережений текст</translation>
    </message>
    <message>
        <source>This article has text you did not save, kept at {time}. Recover it?</source>
        <translation>У цій статті є текст, який ви не зберегли (збережено автоматично {time}). Відновити його?</translation>
    </message>
    <message>
        <source>Recover puts it into the editor, unsaved. Discard forgets it; the saved article stays as it is.</source>
        <translation>«Відновити» поставить його в редактор як незбережений. «Відкинути» забуде його; збережена стаття лишиться як є.</translation>
    </message>
    <message>
        <source>&amp;Recover</source>
        <translation>&amp;Відновити</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>Від&amp;кинути</translation>
    </message>
    <message>
        <source>{title}{mark} — Newsroom</source>
        <translation>{title}{mark} — Редакція</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>Статус: {status}</translation>
    </message>
    <message>
        <source>The article is «{status}»: its text is frozen. To change it, reopen or correct it in the review panel.</source>
        <translation>Стаття має статус «{status}»: її текст заморожено. Щоб змінити його, поверніть статтю на доопрацювання чи виправлення на панелі перевірки.</translation>
    </message>
    <message>
        <source>You can read this article; only its author or an editor may change it.</source>
        <translation>Ви можете читати цю статтю; змінювати її може лише автор або редактор.</translation>
    </message>
    <message>
        <source>Opening the article…</source>
        <translation>Відкриття статті…</translation>
    </message>
    <message>
        <source>The article could not be opened.</source>
        <translation>Не вдалося відкрити статтю.</translation>
    </message>
    <message>
        <source>The related articles are stored.</source>
        <translation>Пов’язані статті збережено.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Незбережені зміни</translation>
    </message>
    <message>
        <source>Save the changes to «{title}» before closing?</source>
        <translation>Зберегти зміни у статті «{title}» перед закриттям?</translation>
    </message>
    <message>
        <source>If you discard them, the article stays as it was last saved.</source>
        <translation>Якщо відкинути зміни, стаття лишиться такою, як під час останнього збереження.</translation>
    </message>
    <message>
        <source>Check &amp;spelling</source>
        <translation>Перевіряти &amp;правопис</translation>
    </message>
    <message>
        <source>Underline unknown words in red</source>
        <translation>Підкреслювати червоним незнайомі слова</translation>
    </message>
</context>
<context>
    <name>BodyEditor</name>
    <message>
        <source>Some formatting of this text (tables, code, lines, or links and pictures with unusual addresses) cannot be shown here and would be simplified if you edit it in this view. To keep it, edit the text in the Markdown tab.</source>
        <translation>Частину оформлення цього тексту (таблиці, код, лінії, посилання й малюнки з нестандартними адресами) тут показати не можна, і вона спроститься, якщо редагувати текст у цьому поданні. Щоб її зберегти, редагуйте текст на вкладці «Markdown».</translation>
    </message>
    <message>
        <source>Could not open the picture {file}: it is not an image or cannot be read.</source>
        <translation>Не вдалося відкрити малюнок {file}: це не зображення або його не можна прочитати.</translation>
    </message>
    <message>
        <source>Could not open the picture {file}.</source>
        <translation>Не вдалося відкрити малюнок {file}.</translation>
    </message>
    <message>
        <source>Pictures copied from Word cannot be pasted ({count} left out). Insert them with the Picture button.</source>
        <translation>Малюнки, скопійовані з Word, вставити не можна (пропущено: {count}). Вставте їх кнопкою «Малюнок».</translation>
    </message>
    <message>
        <source>The pasted text has {size} characters; at most {max} can be pasted at once. Paste it in parts.</source>
        <translation>Вставлений текст має {size} символів; за один раз можна вставити щонайбільше {max}. Вставте його частинами.</translation>
    </message>
</context>
<context>
    <name>BodyTabs</name>
    <message>
        <source>Text</source>
        <translation>Редактор</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Перегляд</translation>
    </message>
    <message>
        <source>The text as it is stored, in Markdown</source>
        <translation>Текст у тому вигляді, у якому він зберігається, — у Markdown</translation>
    </message>
    <message>
        <source>The text as the website will show it</source>
        <translation>Текст так, як його покаже вебсайт</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>The article was changed meanwhile</source>
        <translation>Статтю змінили, поки ви редагували</translation>
    </message>
    <message>
        <source>&lt;b&gt;{who}&lt;/b&gt; saved this article (version {theirs}) after you opened version {mine}. Nothing has been saved yet and nothing is lost: keep your text, take theirs, or merge the two by hand below.</source>
        <translation>&lt;b&gt;{who}&lt;/b&gt; зберіг(-ла) цю статтю (версія {theirs}) після того, як ви відкрили версію {mine}. Ще нічого не збережено і нічого не втрачено: залиште свій текст, візьміть їхній або об’єднайте обидва вручну нижче.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Лід</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>Your version (not saved)</source>
        <translation>Ваша версія (не збережена)</translation>
    </message>
    <message>
        <source>Saved by {who} (version {n})</source>
        <translation>Збережено: {who} (версія {n})</translation>
    </message>
    <message>
        <source>Words only in your version are {marked}.</source>
        <translation>Слова, які є лише у вашій версії, {marked}.</translation>
    </message>
    <message>
        <source>Words only in their version are {marked}.</source>
        <translation>Слова, які є лише в їхній версії, {marked}.</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Заголовок:</translation>
    </message>
    <message>
        <source>&amp;Lead:</source>
        <translation>&amp;Лід:</translation>
    </message>
    <message>
        <source>Te&amp;xt (Markdown):</source>
        <translation>Те&amp;кст (Markdown):</translation>
    </message>
    <message>
        <source>&lt;b&gt;Merge by hand&lt;/b&gt; — starts as your version; copy what you need from theirs.</source>
        <translation>&lt;b&gt;Об’єднання вручну&lt;/b&gt; — спочатку тут ваша версія; перенесіть потрібне з їхньої.</translation>
    </message>
    <message>
        <source>&amp;Keep mine</source>
        <translation>&amp;Залишити мою</translation>
    </message>
    <message>
        <source>Save your version over theirs; theirs stays in the revision history.</source>
        <translation>Зберегти вашу версію поверх їхньої; їхня лишиться в історії редакцій.</translation>
    </message>
    <message>
        <source>Take &amp;theirs</source>
        <translation>Взяти &amp;їхню</translation>
    </message>
    <message>
        <source>Show their version and drop yours from the editor; yours is kept as unsaved text and offered for recovery.</source>
        <translation>Показати їхню версію і прибрати вашу з редактора; вашу буде збережено як незбережений текст і запропоновано відновити.</translation>
    </message>
    <message>
        <source>Save &amp;merged</source>
        <translation>Зберегти &amp;об’єднану</translation>
    </message>
    <message>
        <source>Save the text of the merge fields below.</source>
        <translation>Зберегти текст із полів об’єднання нижче.</translation>
    </message>
    <message>
        <source>Decide &amp;later</source>
        <translation>Вирішити &amp;пізніше</translation>
    </message>
    <message>
        <source>Close this window and keep editing your version; nothing is saved.</source>
        <translation>Закрити це вікно й далі редагувати вашу версію; нічого не буде збережено.</translation>
    </message>
    <message>
        <source>highlighted</source>
        <translation>виділено</translation>
    </message>
</context>
<context>
    <name>FirstUserDialog</name>
    <message>
        <source>Create the first user</source>
        <translation>Створення першого користувача</translation>
    </message>
    <message>
        <source>This database has no users yet. Create your account: you will be the administrator and can add the others.</source>
        <translation>У цій базі даних ще немає користувачів. Створіть свій обліковий запис: ви станете адміністратором і зможете додати інших.</translation>
    </message>
    <message>
        <source>e.g. olena</source>
        <translation>наприклад, olena</translation>
    </message>
    <message>
        <source>e.g. Olena Petrenko</source>
        <translation>наприклад, Олена Петренко</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логін:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Ім’я:</translation>
    </message>
    <message>
        <source>&amp;Signature:</source>
        <translation>&amp;Підпис:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Роль:</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>&amp;Створити</translation>
    </message>
</context>
<context>
    <name>FormatToolbar</name>
    <message>
        <source>Formatting</source>
        <translation>Форматування</translation>
    </message>
    <message>
        <source>Paragraph</source>
        <translation>Абзац</translation>
    </message>
    <message>
        <source>Heading 2</source>
        <translation>Заголовок 2</translation>
    </message>
    <message>
        <source>Heading 3</source>
        <translation>Заголовок 3</translation>
    </message>
    <message>
        <source>Heading 4</source>
        <translation>Заголовок 4</translation>
    </message>
    <message>
        <source>Paragraph or heading</source>
        <translation>Абзац чи заголовок</translation>
    </message>
    <message>
        <source>Bold</source>
        <translation>Жирний</translation>
    </message>
    <message>
        <source>Italic</source>
        <translation>Курсив</translation>
    </message>
    <message>
        <source>Bulleted list</source>
        <translation>Маркований список</translation>
    </message>
    <message>
        <source>Numbered list</source>
        <translation>Нумерований список</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>Цитата</translation>
    </message>
    <message>
        <source>Link…</source>
        <translation>Посилання…</translation>
    </message>
    <message>
        <source>Picture…</source>
        <translation>Малюнок…</translation>
    </message>
    <message>
        <source>Typography</source>
        <translation>Типографіка</translation>
    </message>
    <message>
        <source>Typography for the whole text: «» quotes, the apostrophe ’, dashes, and no-break spaces after one-letter words and before units ({shortcut}). Undo takes it back.</source>
        <translation>Типографіка для всього тексту: лапки «», апостроф ’, тире та нерозривні пробіли після однолітерних слів і перед одиницями виміру ({shortcut}). Скасування повертає як було.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Повторити</translation>
    </message>
    <message>
        <source>Insert picture</source>
        <translation>Вставити малюнок</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.gif *.webp)</source>
        <translation>Малюнки (*.png *.jpg *.jpeg *.gif *.webp)</translation>
    </message>
    <message>
        <source>Picture description</source>
        <translation>Опис малюнка</translation>
    </message>
    <message>
        <source>Describe the picture for readers who cannot see it:</source>
        <translation>Опишіть малюнок для читачів, які не можуть його побачити:</translation>
    </message>
</context>
<context>
    <name>JobTableModel</name>
    <message>
        <source>Article</source>
        <translation>Стаття</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Дія</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Scheduled for</source>
        <translation>Заплановано на</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Спроби</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Остання помилка</translation>
    </message>
    <message>
        <source>publish</source>
        <translation>публікація</translation>
    </message>
    <message>
        <source>unpublish</source>
        <translation>зняття з публікації</translation>
    </message>
    <message>
        <source>as soon as possible</source>
        <translation>якнайшвидше</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Link</source>
        <translation>Посилання</translation>
    </message>
    <message>
        <source>&amp;Text:</source>
        <translation>&amp;Текст:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Адреса:</translation>
    </message>
    <message>
        <source>&amp;Remove link</source>
        <translation>&amp;Прибрати посилання</translation>
    </message>
    <message>
        <source>Enter a full web address starting with http:// or https:// (for example https://oda.gov.ua/news), or an e-mail link starting with mailto:.</source>
        <translation>Введіть повну адресу сайту, що починається з http:// або https:// (наприклад, https://oda.gov.ua/news), або поштове посилання, що починається з mailto:.</translation>
    </message>
</context>
<context>
    <name>LockBanner</name>
    <message>
        <source>Take over</source>
        <translation>Перехопити</translation>
    </message>
    <message>
        <source>Edit the article yourself. The other person&apos;s window becomes read-only; their unsaved text is kept and offered to them for recovery.</source>
        <translation>Редагувати статтю самому. Вікно іншої людини стане лише для читання; її незбережений текст збережеться, і їй запропонують його відновити.</translation>
    </message>
    <message>
        <source>Editing: {name} since {time}.</source>
        <translation>Редагує: {name} з {time}.</translation>
    </message>
    <message>
        <source>The article is open read-only until they close it.</source>
        <translation>Стаття відкрита лише для читання, доки її не закриють.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Newsroom</source>
        <translation>Редакція</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Оновити</translation>
    </message>
    <message>
        <source>Reload the article list (F5)</source>
        <translation>Оновити список статей (F5)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Вийти</translation>
    </message>
    <message>
        <source>&amp;About Newsroom</source>
        <translation>&amp;Про програму «Редакція»</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Довідка</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Головна панель інструментів</translation>
    </message>
    <message>
        <source>&amp;New article</source>
        <translation>&amp;Нова стаття</translation>
    </message>
    <message>
        <source>Write a new article (Ctrl+N)</source>
        <translation>Написати нову статтю (Ctrl+N)</translation>
    </message>
    <message>
        <source>Search by words, in any form…</source>
        <translation>Пошук за словами в будь-якій формі…</translation>
    </message>
    <message>
        <source>Finds the words anywhere in the title or the lead, ignoring case and the form of the apostrophe</source>
        <translation>Знаходить слова будь-де в заголовку чи ліді, незалежно від регістру та форми апострофа</translation>
    </message>
    <message>
        <source>S&amp;earch:</source>
        <translation>По&amp;шук:</translation>
    </message>
    <message>
        <source>&amp;Mine</source>
        <translation>&amp;Мої</translation>
    </message>
    <message>
        <source>Only the articles I wrote</source>
        <translation>Лише статті, які написав я</translation>
    </message>
    <message>
        <source>&amp;Waiting for my review</source>
        <translation>&amp;Чекають моєї перевірки</translation>
    </message>
    <message>
        <source>Articles by others that are in review</source>
        <translation>Статті інших авторів, що чекають на перевірку</translation>
    </message>
    <message>
        <source>All statuses (except the trash)</source>
        <translation>Усі статуси (крім кошика)</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Статус:</translation>
    </message>
    <message>
        <source>All sections</source>
        <translation>Усі розділи</translation>
    </message>
    <message>
        <source>Se&amp;ction:</source>
        <translation>Ро&amp;зділ:</translation>
    </message>
    <message>
        <source>All authors</source>
        <translation>Усі автори</translation>
    </message>
    <message>
        <source>&amp;Author:</source>
        <translation>&amp;Автор:</translation>
    </message>
    <message>
        <source>Clear &amp;filters</source>
        <translation>Скинути &amp;фільтри</translation>
    </message>
    <message>
        <source>Publishing queue</source>
        <translation>Черга публікації</translation>
    </message>
    <message>
        <source>Publishing &amp;queue</source>
        <translation>&amp;Черга публікації</translation>
    </message>
    <message>
        <source>Show what is being sent to the website (Ctrl+Shift+Q)</source>
        <translation>Показати, що надсилається на сайт (Ctrl+Shift+Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вигляд</translation>
    </message>
    <message>
        <source>Signed in as {login}</source>
        <translation>Ви увійшли як {login}</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>База даних</translation>
    </message>
    <message>
        <source>&amp;Get the archive from a site…</source>
        <translation>&amp;Отримати архів із сайту…</translation>
    </message>
    <message>
        <source>Copy the posts of a website into Newsroom</source>
        <translation>Скопіювати дописи вебсайту в «Редакцію»</translation>
    </message>
    <message>
        <source>&amp;Sites…</source>
        <translation>С&amp;айти…</translation>
    </message>
    <message>
        <source>The websites Newsroom publishes to</source>
        <translation>Вебсайти, на яких «Редакція» публікує статті</translation>
    </message>
    <message>
        <source>S&amp;ite</source>
        <translation>&amp;Сайт</translation>
    </message>
    <message>
        <source>Publishing: {error}</source>
        <translation>Публікація: {error}</translation>
    </message>
    <message>
        <source>Publishing: {error} (and {more} more)</source>
        <translation>Публікація: {error} (і ще {more})</translation>
    </message>
    <message>
        <source>Published: {n}</source>
        <translation>Опубліковано: {n}</translation>
    </message>
    <message>
        <source>Sent to the sites: {n}</source>
        <translation>Надіслано на сайти: {n}</translation>
    </message>
    <message>
        <source>No articles yet. Create the first article or import an archive: python -m newsroom article import FILE</source>
        <translation>Статей ще немає. Створіть першу статтю або імпортуйте архів: python -m newsroom article import ФАЙЛ</translation>
    </message>
    <message>
        <source>Loading articles…</source>
        <translation>Завантаження статей…</translation>
    </message>
    <message>
        <source>Could not load the articles: {error}
Press F5 to try again.</source>
        <translation>Не вдалося завантажити статті: {error}
Натисніть F5, щоб спробувати ще раз.</translation>
    </message>
    <message>
        <source>No articles with the status «{status}».</source>
        <translation>Немає статей зі статусом «{status}».</translation>
    </message>
    <message>
        <source>No articles match the search and the filters.</source>
        <translation>Немає статей, що відповідають пошуку та фільтрам.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <source>Could not load more articles: {error}</source>
        <translation>Не вдалося завантажити решту статей: {error}</translation>
    </message>
    <message numerus="yes">
        <source>%n article(s) found, {loaded} loaded; scroll down for more</source>
        <translation>
            <numerusform>Знайдено %n статтю, завантажено {loaded}; прокрутіть униз, щоб побачити більше</numerusform>
            <numerusform>Знайдено %n статті, завантажено {loaded}; прокрутіть униз, щоб побачити більше</numerusform>
            <numerusform>Знайдено %n статей, завантажено {loaded}; прокрутіть униз, щоб побачити більше</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n article(s) loaded; scroll down for more</source>
        <translation>
            <numerusform>Завантажено %n статтю; прокрутіть униз, щоб побачити більше</numerusform>
            <numerusform>Завантажено %n статті; прокрутіть униз, щоб побачити більше</numerusform>
            <numerusform>Завантажено %n статей; прокрутіть униз, щоб побачити більше</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n article(s)</source>
        <translation>
            <numerusform>%n стаття</numerusform>
            <numerusform>%n статті</numerusform>
            <numerusform>%n статей</numerusform>
        </translation>
    </message>
    <message>
        <source>About Newsroom</source>
        <translation>Про програму «Редакція»</translation>
    </message>
    <message>
        <source>Newsroom {version}</source>
        <translation>Редакція {version}</translation>
    </message>
    <message>
        <source>The press office&apos;s editor: write and review news, link related articles and publish them to the website.</source>
        <translation>Редактор пресслужби: пишіть і рецензуйте новини, добирайте статті до «Читайте також» і публікуйте їх на вебсайті.</translation>
    </message>
</context>
<context>
    <name>MetadataPanel</name>
    <message>
        <source>Cannot read {file}: {reason}</source>
        <translation>Не вдалося прочитати {file}: {reason}</translation>
    </message>
    <message>
        <source>What happened, in one line</source>
        <translation>Що сталося, одним рядком</translation>
    </message>
    <message>
        <source>Two or three sentences for the list of news and social networks</source>
        <translation>Два-три речення для стрічки новин і соцмереж</translation>
    </message>
    <message>
        <source>Choose or type a new one</source>
        <translation>Виберіть або введіть новий</translation>
    </message>
    <message>
        <source>Separated by commas, e.g. education, Bucha district</source>
        <translation>Через кому, напр. освіта, Бучанський район</translation>
    </message>
    <message>
        <source>Printed under the article on the website. New articles take it from your profile.</source>
        <translation>Друкується під статтею на сайті. Нові статті беруть її з вашого профілю.</translation>
    </message>
    <message>
        <source>not scheduled</source>
        <translation>не заплановано</translation>
    </message>
    <message>
        <source>Kyiv time. Editors schedule publication from the review panel («Schedule…»); here it is only shown.</source>
        <translation>За київським часом. Публікацію планують редактори на панелі перевірки («Запланувати…»); тут її лише показано.</translation>
    </message>
    <message>
        <source>&amp;Publication:</source>
        <translation>&amp;Публікація:</translation>
    </message>
    <message>
        <source>Kyiv time</source>
        <translation>За київським часом</translation>
    </message>
    <message>
        <source>The article&apos;s address on the website, made from the title. Change it only before publication: readers&apos; links use it.</source>
        <translation>Адреса статті на сайті, утворена із заголовка. Змінюйте її лише до публікації: на неї ведуть посилання читачів.</translation>
    </message>
    <message>
        <source>From title</source>
        <translation>Із заголовка</translation>
    </message>
    <message>
        <source>Make the address from the title again</source>
        <translation>Знову утворити адресу із заголовка</translation>
    </message>
    <message>
        <source>C&amp;hoose photo…</source>
        <translation>Ви&amp;брати фото…</translation>
    </message>
    <message>
        <source>The main image of the article: PNG, JPEG, GIF or WebP, up to {mb} MB</source>
        <translation>Головне зображення статті: PNG, JPEG, GIF або WebP, до {mb} МБ</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Заголовок:</translation>
    </message>
    <message>
        <source>&amp;Lead:</source>
        <translation>&amp;Лід:</translation>
    </message>
    <message>
        <source>Se&amp;ction:</source>
        <translation>Ро&amp;зділ:</translation>
    </message>
    <message>
        <source>Ta&amp;gs:</source>
        <translation>&amp;Теги:</translation>
    </message>
    <message>
        <source>Si&amp;gnature:</source>
        <translation>&amp;Підпис:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Адреса:</translation>
    </message>
    <message>
        <source>Photo:</source>
        <translation>Фото:</translation>
    </message>
    <message>
        <source>&amp;Published:</source>
        <translation>&amp;Опубліковано:</translation>
    </message>
    <message>
        <source>&amp;Scheduled for:</source>
        <translation>&amp;Заплановано на:</translation>
    </message>
    <message>
        <source>Use Latin lowercase letters, digits and hyphens, e.g. «{example}».</source>
        <translation>Використовуйте малі латинські літери, цифри й дефіси, напр. «{example}».</translation>
    </message>
    <message>
        <source>The address «{slug}» is used by another article: choose another.</source>
        <translation>Адреса «{slug}» уже належить іншій статті: виберіть іншу.</translation>
    </message>
    <message>
        <source>Choose the article&apos;s photo</source>
        <translation>Вибір фото статті</translation>
    </message>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation>Зображення ({patterns});;Усі файли (*)</translation>
    </message>
    <message>
        <source>Storing the photo…</source>
        <translation>Збереження фото…</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>Фото немає</translation>
    </message>
    <message>
        <source>{file}
(no preview)</source>
        <translation>{file}
(без попереднього перегляду)</translation>
    </message>
</context>
<context>
    <name>PickUserDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Вхід</translation>
    </message>
    <message>
        <source>Who is working at this computer?</source>
        <translation>Хто працює за цим комп’ютером?</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Увійти</translation>
    </message>
    <message>
        <source>Every user of this database is deactivated. Ask the administrator to reactivate your account.</source>
        <translation>Усі користувачі цієї бази даних деактивовані. Попросіть адміністратора знову активувати ваш обліковий запис.</translation>
    </message>
</context>
<context>
    <name>PullDialog</name>
    <message>
        <source>Get the archive from a site</source>
        <translation>Отримання архіву із сайту</translation>
    </message>
    <message>
        <source>Copies the site’s posts into Newsroom as published articles. Posts pulled before are updated, unless their article was changed here since.</source>
        <translation>Копіює дописи сайту в «Редакцію» як опубліковані статті. Отримані раніше дописи оновлюються, якщо їхні статті відтоді не змінювали тут.</translation>
    </message>
    <message>
        <source>You can stop at any time: the next pull continues from where this one stopped.</source>
        <translation>Зупинити можна будь-коли: наступного разу отримання продовжиться з місця, де зупинилося.</translation>
    </message>
    <message>
        <source>&amp;Site:</source>
        <translation>&amp;Сайт:</translation>
    </message>
    <message>
        <source>S&amp;tart</source>
        <translation>&amp;Почати</translation>
    </message>
    <message>
        <source>Sto&amp;p</source>
        <translation>&amp;Зупинити</translation>
    </message>
    <message>
        <source>Only an editor or an administrator may pull an archive.</source>
        <translation>Отримувати архів може лише редактор або адміністратор.</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>тека</translation>
    </message>
    <message>
        <source>No site is switched on: add one in «Site → Sites…».</source>
        <translation>Немає жодного ввімкненого сайту: додайте його в меню «Сайт → Сайти…».</translation>
    </message>
    <message>
        <source>Connecting to the site…</source>
        <translation>З’єднання із сайтом…</translation>
    </message>
    <message>
        <source>Stopping once the posts already received are saved…</source>
        <translation>Зупиняємося, щойно збережемо вже отримані дописи…</translation>
    </message>
    <message>
        <source>Received {done} of {total} posts…</source>
        <translation>Отримано дописів: {done} із {total}…</translation>
    </message>
    <message>
        <source>New: {created}, updated: {updated}, unchanged: {unchanged}, local changes kept: {kept}.</source>
        <translation>Нових: {created}, оновлено: {updated}, без змін: {unchanged}, залишено локальні зміни: {kept}.</translation>
    </message>
    <message>
        <source>Skipped (no title, or too long for an article): {skipped}.</source>
        <translation>Пропущено (без заголовка або задовгі для статті): {skipped}.</translation>
    </message>
    <message>
        <source>Done. {summary}</source>
        <translation>Готово. {summary}</translation>
    </message>
    <message>
        <source>Stopped. {summary} The next pull continues from here.</source>
        <translation>Зупинено. {summary} Наступне отримання продовжиться звідси.</translation>
    </message>
    <message>
        <source>The pull failed: {reason}</source>
        <translation>Не вдалося отримати архів: {reason}</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>Only &amp;unfinished jobs</source>
        <translation>Лише &amp;незавершені завдання</translation>
    </message>
    <message>
        <source>Hide the jobs that were sent or canceled</source>
        <translation>Сховати надіслані та скасовані завдання</translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation>&amp;Скасувати завдання</translation>
    </message>
    <message>
        <source>Send a&amp;gain</source>
        <translation>Надіслати &amp;повторно</translation>
    </message>
    <message>
        <source>Re&amp;schedule…</source>
        <translation>Змінити &amp;час…</translation>
    </message>
    <message>
        <source>Only an editor may manage the publishing queue</source>
        <translation>Керувати чергою публікації може лише редактор</translation>
    </message>
    <message>
        <source>Changed on the site:</source>
        <translation>Змінено на сайті:</translation>
    </message>
    <message>
        <source>Co&amp;mpare</source>
        <translation>По&amp;рівняти</translation>
    </message>
    <message>
        <source>Show which words were changed on the site</source>
        <translation>Показати, які слова змінили на сайті</translation>
    </message>
    <message>
        <source>&amp;Take the site’s version…</source>
        <translation>&amp;Взяти версію сайту…</translation>
    </message>
    <message>
        <source>Make the text on the site the article’s new revision</source>
        <translation>Зробити текст із сайту новою редакцією статті</translation>
    </message>
    <message>
        <source>&amp;Overwrite the site</source>
        <translation>Пере&amp;записати сайт</translation>
    </message>
    <message>
        <source>Send our text to the site, replacing the changes made there</source>
        <translation>Надіслати наш текст на сайт замість змін, зроблених там</translation>
    </message>
    <message>
        <source>Last error: {error}</source>
        <translation>Остання помилка: {error}</translation>
    </message>
    <message>
        <source>Nothing is sent to {site} now: {reason}</source>
        <translation>На сайт «{site}» зараз нічого не надсилається: {reason}</translation>
    </message>
    <message>
        <source>Loading the queue…</source>
        <translation>Завантаження черги…</translation>
    </message>
    <message>
        <source>Nothing is waiting: every job was sent or canceled.</source>
        <translation>Нічого не очікує: усі завдання надіслано або скасовано.</translation>
    </message>
    <message>
        <source>The queue is empty… Approved articles appear here when they are queued or scheduled.</source>
        <translation>Черга порожня… Схвалені статті з’являються тут, коли їх ставлять у чергу або планують.</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>Зміна часу надсилання</translation>
    </message>
    <message>
        <source>When should «{title}» be sent to {site}?</source>
        <translation>Коли надіслати «{title}» на {site}?</translation>
    </message>
    <message>
        <source>Take the site’s version</source>
        <translation>Взяти версію сайту</translation>
    </message>
    <message>
        <source>Replace the text of «{title}» with the post as it is on {site}?</source>
        <translation>Замінити текст статті «{title}» дописом у тому вигляді, який він має на сайті «{site}»?</translation>
    </message>
    <message>
        <source>Our current text is not lost: it stays in the article’s history as an older revision.</source>
        <translation>Наш теперішній текст не пропаде: він залишиться в історії статті як попередня редакція.</translation>
    </message>
    <message>
        <source>the site is switched off</source>
        <translation>сайт вимкнено</translation>
    </message>
    <message>
        <source>Could not read the queue: {reason}</source>
        <translation>Не вдалося прочитати чергу: {reason}</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Recover unsaved text</source>
        <translation>Відновлення незбереженого тексту</translation>
    </message>
    <message>
        <source>The editor was closed last time before these articles were saved (a crash or a power cut, for example). Their text was kept automatically. Recover opens each article with that text, still unsaved, so you can check it and save.</source>
        <translation>Минулого разу редактор закрився до того, як ці статті було збережено (наприклад, через збій чи вимкнення світла). Їхній текст зберігся автоматично. «Відновити» відкриє кожну статтю з цим текстом, ще не збереженим, щоб ви перевірили й зберегли його.</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Стаття</translation>
    </message>
    <message>
        <source>Kept at (Kyiv time)</source>
        <translation>Збережено (за київським часом)</translation>
    </message>
    <message>
        <source>Stored title: {title}</source>
        <translation>Збережений заголовок: {title}</translation>
    </message>
    <message>
        <source>Select an article to see its kept text.</source>
        <translation>Виберіть статтю, щоб побачити її збережений текст.</translation>
    </message>
    <message>
        <source>&amp;Recover</source>
        <translation>&amp;Відновити</translation>
    </message>
    <message>
        <source>Open the selected articles with the kept text</source>
        <translation>Відкрити вибрані статті зі збереженим текстом</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>Від&amp;кинути</translation>
    </message>
    <message>
        <source>Forget the kept text of the selected articles; their saved versions stay as they are</source>
        <translation>Забути збережений текст вибраних статей; їхні збережені версії лишаться як є</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Пізніше</translation>
    </message>
    <message>
        <source>Keep everything and ask again at the next start</source>
        <translation>Залишити все й запитати знову під час наступного запуску</translation>
    </message>
    <message>
        <source>Could not discard: {reason}</source>
        <translation>Не вдалося відкинути: {reason}</translation>
    </message>
</context>
<context>
    <name>RelatedPickerDialog</name>
    <message>
        <source>Related articles</source>
        <translation>Читайте також</translation>
    </message>
    <message>
        <source>Words from the article, in any form…</source>
        <translation>Слова зі статті в будь-якій формі…</translation>
    </message>
    <message>
        <source>&amp;Find published articles:</source>
        <translation>&amp;Знайти опубліковані статті:</translation>
    </message>
    <message>
        <source>Double-click to add</source>
        <translation>Двічі клацніть, щоб додати</translation>
    </message>
    <message>
        <source>No published article matches.</source>
        <translation>Жодна опублікована стаття не відповідає запиту.</translation>
    </message>
    <message>
        <source>&amp;Suggested, with the words they share:</source>
        <translation>&amp;Пропозиції та спільні слова:</translation>
    </message>
    <message>
        <source>No suggestions: no published article shares words, tags or the section.</source>
        <translation>Пропозицій немає: жодна опублікована стаття не має спільних слів, тегів чи розділу.</translation>
    </message>
    <message>
        <source>&amp;Add →</source>
        <translation>&amp;Додати →</translation>
    </message>
    <message>
        <source>«Читайте також», in this &amp;order (drag to reorder):</source>
        <translation>«Читайте також» у такому &amp;порядку (перетягніть, щоб змінити):</translation>
    </message>
    <message>
        <source>&amp;Up</source>
        <translation>&amp;Вище</translation>
    </message>
    <message>
        <source>Do&amp;wn</source>
        <translation>Н&amp;ижче</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>Ви&amp;лучити</translation>
    </message>
    <message>
        <source>Preview on the website:</source>
        <translation>Як це виглядатиме на сайті:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Зберегти</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <source>An article cannot be related to itself.</source>
        <translation>Стаття не може посилатися сама на себе.</translation>
    </message>
    <message>
        <source>«{title}» is already in the list.</source>
        <translation>«{title}» уже є в списку.</translation>
    </message>
    <message>
        <source>At most {n} related articles fit in the list.</source>
        <translation>У списку може бути щонайбільше {n} статей.</translation>
    </message>
    <message>
        <source>shared: {terms}</source>
        <translation>спільне: {terms}</translation>
    </message>
    <message>
        <source>same section or tags</source>
        <translation>той самий розділ або теги</translation>
    </message>
    <message>
        <source>The list is empty: the website shows no related block.</source>
        <translation>Список порожній: на сайті блоку «Читайте також» не буде.</translation>
    </message>
    <message>
        <source>Articles to read after «{title}»</source>
        <translation>Що читати після статті «{title}»</translation>
    </message>
    <message>
        <source>Could not load the related articles: {reason}</source>
        <translation>Не вдалося завантажити пов’язані статті: {reason}</translation>
    </message>
    <message>
        <source>The list was not saved: {reason}</source>
        <translation>Список не збережено: {reason}</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>You cannot change this article&apos;s status.</source>
        <translation>Ви не можете змінити статус цієї статті.</translation>
    </message>
    <message>
        <source>Changes since your last review</source>
        <translation>Зміни після вашої останньої перевірки</translation>
    </message>
    <message>
        <source>Show the &amp;changes</source>
        <translation>Показати &amp;зміни</translation>
    </message>
    <message>
        <source>green, underlined</source>
        <translation>зеленим, підкреслено</translation>
    </message>
    <message>
        <source>red, struck through</source>
        <translation>червоним, закреслено</translation>
    </message>
    <message>
        <source>Added: {added}; removed: {removed}.</source>
        <translation>Додано: {added}; вилучено: {removed}.</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Коментарі</translation>
    </message>
    <message>
        <source>Write a comment for the author and the other reviewers…</source>
        <translation>Напишіть коментар для автора та інших рецензентів…</translation>
    </message>
    <message>
        <source>Add co&amp;mment</source>
        <translation>Додати &amp;коментар</translation>
    </message>
    <message>
        <source>Status: &lt;b&gt;{status}&lt;/b&gt; · revision {revision}</source>
        <translation>Статус: &lt;b&gt;{status}&lt;/b&gt; · редакція {revision}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <source>Request changes</source>
        <translation>Повернення на доопрацювання</translation>
    </message>
    <message>
        <source>Say what should change. The author sees this comment with the article.</source>
        <translation>Напишіть, що слід змінити. Автор побачить цей коментар разом зі статтею.</translation>
    </message>
    <message>
        <source>Schedule publication</source>
        <translation>Планування публікації</translation>
    </message>
    <message>
        <source>When should the article appear on the website?</source>
        <translation>Коли стаття має з’явитися на сайті?</translation>
    </message>
    <message>
        <source>Done: the article is now «{status}».</source>
        <translation>Готово: тепер стаття має статус «{status}».</translation>
    </message>
    <message>
        <source>No comments yet.</source>
        <translation>Коментарів ще немає.</translation>
    </message>
    <message>
        <source>revision {n}</source>
        <translation>редакція {n}</translation>
    </message>
    <message>
        <source>You have not reviewed this article before: all of its text is new to you.</source>
        <translation>Ви ще не перевіряли цю статтю: увесь її текст для вас новий.</translation>
    </message>
    <message>
        <source>Nothing has changed since you last reviewed it (revision {old}).</source>
        <translation>Нічого не змінилося після вашої останньої перевірки (редакція {old}).</translation>
    </message>
    <message>
        <source>Changed since revision {old}, which you last reviewed; now revision {new}.</source>
        <translation>Змінено після редакції {old}, яку ви перевіряли востаннє; зараз редакція {new}.</translation>
    </message>
    <message>
        <source>Could not load the comments: {reason}</source>
        <translation>Не вдалося завантажити коментарі: {reason}</translation>
    </message>
    <message>
        <source>Hide the &amp;changes</source>
        <translation>Сховати &amp;зміни</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Kyiv time</source>
        <translation>За київським часом</translation>
    </message>
    <message>
        <source>This time does not exist in Kyiv: the clocks skip that hour.</source>
        <translation>Такого часу в Києві немає: годинники цю годину пропускають.</translation>
    </message>
    <message>
        <source>This time has already passed: choose a moment in the future.</source>
        <translation>Цей час уже минув: оберіть момент у майбутньому.</translation>
    </message>
</context>
<context>
    <name>SiteDiffDialog</name>
    <message>
        <source>Changes on the site</source>
        <translation>Зміни на сайті</translation>
    </message>
    <message>
        <source>«{title}»: our text compared with the post on {site}</source>
        <translation>«{title}»: наш текст порівняно з дописом на сайті «{site}»</translation>
    </message>
    <message>
        <source>Struck out</source>
        <translation>Закреслене</translation>
    </message>
    <message>
        <source>Underlined</source>
        <translation>Підкреслене</translation>
    </message>
    <message>
        <source>{struck_out}: only in our text. {underlined}: only on the site.</source>
        <translation>{struck_out} є лише в нашому тексті. {underlined} є лише на сайті.</translation>
    </message>
    <message>
        <source>The texts are the same: only the site’s layout or the lead and signature differ.</source>
        <translation>Тексти однакові: відрізняються лише оформлення на сайті або лід і підпис.</translation>
    </message>
</context>
<context>
    <name>SitesDialog</name>
    <message>
        <source>Sites</source>
        <translation>Сайти</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Назва</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Address or folder</source>
        <translation>Адреса або тека</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Увімкнено</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Add a &amp;WordPress site…</source>
        <translation>Додати сайт &amp;WordPress…</translation>
    </message>
    <message>
        <source>Add a st&amp;atic site…</source>
        <translation>Додати с&amp;татичний сайт…</translation>
    </message>
    <message>
        <source>New &amp;password…</source>
        <translation>Новий &amp;пароль…</translation>
    </message>
    <message>
        <source>Switch o&amp;ff</source>
        <translation>&amp;Вимкнути</translation>
    </message>
    <message>
        <source>Only an administrator may change the websites.</source>
        <translation>Змінювати сайти може лише адміністратор.</translation>
    </message>
    <message>
        <source>Only an administrator may change the websites</source>
        <translation>Змінювати сайти може лише адміністратор</translation>
    </message>
    <message>
        <source>Switch o&amp;n</source>
        <translation>&amp;Увімкнути</translation>
    </message>
    <message>
        <source>static (folder)</source>
        <translation>статичний (тека)</translation>
    </message>
    <message>
        <source>paused: {reason}</source>
        <translation>призупинено: {reason}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>так</translation>
    </message>
    <message>
        <source>no</source>
        <translation>ні</translation>
    </message>
    <message>
        <source>Saved: {name}.</source>
        <translation>Збережено: {name}.</translation>
    </message>
    <message>
        <source>Newsroom is closing.</source>
        <translation>«Редакція» закривається.</translation>
    </message>
    <message>
        <source>Add a WordPress site</source>
        <translation>Новий сайт WordPress</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Назва:</translation>
    </message>
    <message>
        <source>e.g. Regional administration</source>
        <translation>наприклад, Сайт ОДА</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Адреса:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логін:</translation>
    </message>
    <message>
        <source>Application &amp;password:</source>
        <translation>&amp;Пароль застосунку:</translation>
    </message>
    <message>
        <source>Create an application password in WordPress: Users → Profile → Application Passwords. It is kept in the system keyring.</source>
        <translation>Пароль застосунку створюють у WordPress: Користувачі → Профіль → Паролі застосунків. Він зберігається в системному сховищі паролів.</translation>
    </message>
    <message>
        <source>Add a static site</source>
        <translation>Новий статичний сайт</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Вибрати…</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Тека:</translation>
    </message>
    <message>
        <source>Folder of the static site</source>
        <translation>Тека статичного сайту</translation>
    </message>
    <message>
        <source>New password for {name}</source>
        <translation>Новий пароль для «{name}»</translation>
    </message>
    <message>
        <source>Login {login} at {url}.</source>
        <translation>Логін {login} на {url}.</translation>
    </message>
    <message>
        <source>Sending resumes once it is saved.</source>
        <translation>Щойно пароль буде збережено, надсилання відновиться.</translation>
    </message>
    <message>
        <source>{name} is switched on.</source>
        <translation>Сайт «{name}» увімкнено.</translation>
    </message>
    <message>
        <source>{name} is switched off: nothing is sent to it.</source>
        <translation>Сайт «{name}» вимкнено: на нього нічого не надсилається.</translation>
    </message>
</context>
<context>
    <name>SpellingMenu</name>
    <message>
        <source>Looking for suggestions…</source>
        <translation>Шукаю варіанти…</translation>
    </message>
    <message>
        <source>Add to my dictionary</source>
        <translation>Додати до мого словника</translation>
    </message>
    <message>
        <source>Add to the office dictionary</source>
        <translation>Додати до словника редакції</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Пропустити</translation>
    </message>
    <message>
        <source>No suggestions</source>
        <translation>Варіантів немає</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Newsroom</source>
        <translation>Редакція</translation>
    </message>
    <message>
        <source>The database could not be opened.</source>
        <translation>Не вдалося відкрити базу даних.</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Database error: {reason}</source>
        <translation>Помилка бази даних: {reason}</translation>
    </message>
    <message>
        <source>Internal error ({error}). Please tell the administrator what you were doing.</source>
        <translation>Внутрішня помилка ({error}). Розкажіть адміністраторові, що ви робили.</translation>
    </message>
    <message>
        <source>Internal error ({error}). The details were written to {path}</source>
        <translation>Внутрішня помилка ({error}). Подробиці записано у файл {path}</translation>
    </message>
</context>
</TS>
