// The pages of «Импорт файла…» (with the ГИА column-mapping step) and «Отменить импорт…», on the one dialog template.
import { escapeHtml } from "../../functions/src/catalog/escape-html.js";
import { dialogButton, dialogField, dialogHtml, scriptValue } from "./dialog-template.js";
import { FORMAT_CHOICES, GIA_COLUMN_ROLES, type ImportListItem } from "./file-import.js";

/**
 * The page function that turns the dialog into the mapping step: a list of the table's headers for each column the
 * importer reads (`ROLES`), the exam and the year when the table has no column for them, and the button of `save`.
 */
const MAPPING_STEP = `function option(value,text){var o=document.createElement('option');o.value=value;o.textContent=text;return o;}
function mapping(headers){
  var box=document.getElementById('mapping');box.innerHTML='';
  var p=document.createElement('p');p.textContent='Укажите, в каком столбце таблицы что записано. Схема сохранится: следующие таблицы такого вида загрузятся без вопросов. Другие столбцы (ФИО и т. п.) не читаются.';box.appendChild(p);
  ROLES.forEach(function(r){
    var l=document.createElement('label');l.textContent=r.label+(r.required?' *':'');box.appendChild(l);
    var s=document.createElement('select');s.id='col-'+r.key;s.appendChild(option('','— нет такого столбца —'));
    headers.forEach(function(h){s.appendChild(option(h,h));});box.appendChild(s);
  });
  var le=document.createElement('label');le.textContent='Экзамен, если его нет в столбце';box.appendChild(le);
  var e=document.createElement('select');e.id='exam';e.appendChild(option('','указан в столбце'));e.appendChild(option('ege','ЕГЭ'));e.appendChild(option('oge','ОГЭ'));box.appendChild(e);
  var ly=document.createElement('label');ly.textContent='Учебный год, если нет столбца с датой (например 2024/2025)';box.appendChild(ly);
  var y=document.createElement('input');y.id='year';box.appendChild(y);
  var b=document.createElement('button');b.id='save';b.textContent='Сохранить схему и загрузить';b.onclick=save;box.appendChild(b);
  document.getElementById('pick').style.display='none';box.style.display='block';
}`;

/**
 * «Импорт файла…»: a link to a Drive file (an .xlsx, a CSV or a Google Sheet) and its kind. «Загрузить» calls
 * `importFileFromDialog`; when the server does not recognise a ГИА table's columns, the page turns into the
 * mapping step (a list of the table's headers for each column the importer reads), whose button calls
 * `saveGiaMappingFromDialog` with the same file. Any other reply brings the file choice back.
 */
export function importDialogHtml(): string {
  const formats = FORMAT_CHOICES.map(
    ([value, label]) => `<option value="${value}">${escapeHtml(label)}</option>`,
  ).join("");
  const roles = GIA_COLUMN_ROLES.map(([key, label, required]) => ({ key, label, required }));
  const file = dialogField({
    id: "file",
    label: "Файл на Google Диске",
    hint: "Ссылка на книгу Excel (.xlsx), CSV или таблицу Google: шаблон ШНОР-Монитора, «Ф1 Индивидуальные результаты» ВПР из ФИС ОКО или таблицу ГИА из РЦОИ. Файл с данными участников не сохраняется: на сервере остаются только итоги по школам.",
    placeholder: "https://drive.google.com/file/d/…",
  });
  return dialogHtml({
    style: "form",
    body: `<div id="pick">
${file}
<label for="format">Вид файла</label>
<select id="format">${formats}</select>
<br>${dialogButton("Загрузить")}
</div>
<div id="mapping" style="display:none"></div>`,
    serverFunction: "importFileFromDialog",
    args: "{file:document.getElementById('file').value,format:document.getElementById('format').value}",
    busy: "Файл загружается, это может занять до минуты…",
    script: `var ROLES=${scriptValue(roles)};\nvar pending=null;\n${MAPPING_STEP}`,
    shown:
      "if(reply.mapping){pending=reply.mapping;mapping(reply.mapping.headers);}\n  else{document.getElementById('mapping').style.display='none';document.getElementById('pick').style.display='block';}",
    steps: [
      {
        name: "save",
        button: "save",
        serverFunction: "saveGiaMappingFromDialog",
        before:
          "var columns={};ROLES.forEach(function(r){columns[r.key]=document.getElementById('col-'+r.key).value;});",
        args: "{file:pending.file,format:pending.format,exam:document.getElementById('exam').value,year:document.getElementById('year').value,columns:columns}",
        busy: "Файл загружается…",
      },
    ],
  });
}

/** «Отменить импорт…»: the files whose data are in the calculation; the button calls `undoImportFromDialog`. */
export function undoDialogHtml(items: readonly ImportListItem[]): string {
  const choices = items
    .map(
      (item, i) =>
        `<label style="font-weight:normal"><input type="radio" name="import" value="${escapeHtml(item.importId)}"${i === 0 ? " checked" : ""} style="width:auto"> ${escapeHtml(item.label)}</label>`,
    )
    .join("\n");
  return dialogHtml({
    style: "form",
    body: `<p>Отмена убирает из расчёта ровно то, что дал выбранный файл. Ответы форм школ и другие файлы не затрагиваются.</p>
${choices}
<br>${dialogButton("Отменить загрузку файла")}`,
    serverFunction: "undoImportFromDialog",
    before: "var chosen=document.querySelector('input[name=import]:checked');\n  if(!chosen)return;",
    args: "chosen.value",
    busy: "Загрузка отменяется…",
    // The list is not refreshed after an undo: the dialog is opened again to undo another file.
    once: true,
  });
}
