// The pages of «Импорт файла…» (with the ГИА column-mapping step) and «Отменить импорт…»; their buttons call global callbacks.
import { escapeHtml } from "../../functions/src/catalog/escape-html.js";
import { FORMAT_CHOICES, GIA_COLUMN_ROLES, type ImportListItem } from "./file-import.js";

const STYLE = `<style>
body{font-family:Arial,sans-serif;font-size:14px;margin:12px}
label{display:block;margin-top:12px;font-weight:bold}
input,select{width:100%;box-sizing:border-box;padding:6px;margin-top:4px}
small{color:#555}
button{margin-top:16px;padding:8px 16px}
#result{margin-top:16px;white-space:pre-wrap}
.ok{color:#137333}.fail{color:#c5221f}
</style>`;

/**
 * «Импорт файла…»: a link to a Drive file (an .xlsx, a CSV or a Google Sheet) and its kind. «Загрузить» calls
 * `importFileFromDialog`; when the server does not recognise a ГИА table's columns, the page turns into the
 * mapping step (a list of the table's headers for each column the importer reads), whose button calls
 * `saveGiaMappingFromDialog` with the same file.
 */
export function importDialogHtml(): string {
  const formats = FORMAT_CHOICES.map(
    ([value, label]) => `<option value="${value}">${escapeHtml(label)}</option>`,
  ).join("");
  const roles = JSON.stringify(GIA_COLUMN_ROLES.map(([key, label, required]) => ({ key, label, required })));
  return `<!DOCTYPE html>
<html><head><base target="_top">${STYLE}</head><body>
<div id="pick">
<label for="file">Файл на Google Диске</label>
<input id="file" placeholder="https://drive.google.com/file/d/…">
<small>Ссылка на книгу Excel (.xlsx), CSV или таблицу Google: шаблон ШНОР-Монитора, «Ф1 Индивидуальные результаты» ВПР из ФИС ОКО или таблицу ГИА из РЦОИ. Файл с данными участников не сохраняется: на сервере остаются только итоги по школам.</small>
<label for="format">Вид файла</label>
<select id="format">${formats}</select>
<br><button id="go" onclick="go()">Загрузить</button>
</div>
<div id="mapping" style="display:none"></div>
<div id="result"></div>
<script>
var ROLES=${roles};
var pending=null;
function show(reply){
  var el=document.getElementById('result');
  el.className=reply.ok?'ok':'fail';
  el.textContent=reply.lines.join('\\n');
  document.getElementById('go').disabled=false;
  if(reply.mapping){pending=reply.mapping;mapping(reply.mapping.headers);}
  else{document.getElementById('mapping').style.display='none';document.getElementById('pick').style.display='block';}
}
function fail(e){show({ok:false,lines:['Ошибка: '+(e&&e.message?e.message:e)]});}
function go(){
  document.getElementById('go').disabled=true;
  document.getElementById('result').className='';
  document.getElementById('result').textContent='Файл загружается, это может занять до минуты…';
  google.script.run.withSuccessHandler(show).withFailureHandler(fail).importFileFromDialog({file:document.getElementById('file').value,format:document.getElementById('format').value});
}
function option(value,text){var o=document.createElement('option');o.value=value;o.textContent=text;return o;}
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
}
function save(){
  var columns={};ROLES.forEach(function(r){columns[r.key]=document.getElementById('col-'+r.key).value;});
  document.getElementById('save').disabled=true;
  document.getElementById('result').className='';
  document.getElementById('result').textContent='Файл загружается…';
  google.script.run.withSuccessHandler(show).withFailureHandler(fail).saveGiaMappingFromDialog({file:pending.file,format:pending.format,exam:document.getElementById('exam').value,year:document.getElementById('year').value,columns:columns});
}
</script></body></html>`;
}

/** «Отменить импорт…»: the files whose data are in the calculation; the button calls `undoImportFromDialog`. */
export function undoDialogHtml(items: readonly ImportListItem[]): string {
  const choices = items
    .map(
      (item, i) =>
        `<label style="font-weight:normal"><input type="radio" name="import" value="${escapeHtml(item.importId)}"${i === 0 ? " checked" : ""} style="width:auto"> ${escapeHtml(item.label)}</label>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html><head><base target="_top">${STYLE}</head><body>
<p>Отмена убирает из расчёта ровно то, что дал выбранный файл. Ответы форм школ и другие файлы не затрагиваются.</p>
${choices}
<br><button id="undo" onclick="undo()">Отменить загрузку файла</button>
<div id="result"></div>
<script>
function show(reply){
  var el=document.getElementById('result');
  el.className=reply.ok?'ok':'fail';
  el.textContent=reply.lines.join('\\n');
}
function undo(){
  var chosen=document.querySelector('input[name=import]:checked');
  if(!chosen)return;
  document.getElementById('undo').disabled=true;
  document.getElementById('result').textContent='Загрузка отменяется…';
  google.script.run.withSuccessHandler(show).withFailureHandler(function(e){show({ok:false,lines:['Ошибка: '+(e&&e.message?e.message:e)]});}).undoImportFromDialog(chosen.value);
}
</script></body></html>`;
}
