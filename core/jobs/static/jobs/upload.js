// An import's upload form: a file above the cap is refused at once, before it is sent.
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var check = function () {
      var file = input.files && input.files[0];
      var tooBig = file && file.size > Number(input.dataset.maxBytes);
      input.setCustomValidity(tooBig ? input.dataset.tooBig : "");
      if (tooBig) input.reportValidity();
    };
    input.addEventListener("change", check);
  });
})();
